import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini installs no locale, so every issue would read "Invalid input". English keeps the
// 422 answers and the logs as classic zod wrote them. `en` is imported by name because
// `z.locales.en` would pull every locale into the bundle (about 250 KiB).
z.config(en());
