/** @module A config field holding a JavaScript regular expression, refused at load when it does not compile. */
import { z } from 'zod';

function isRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

/** A string that compiles as a JavaScript regular expression. */
export const regexSchema = z.string().refine(isRegex, 'must be a valid regular expression');
