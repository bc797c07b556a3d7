/**
 * UTF-16 code units the hand-written scanners compare `charCodeAt` against (the CSV tokenizer, the
 * edge-row fast path and the typed-array readers), named once so that they cannot drift apart. Below 128
 * they are also the UTF-8 bytes, which the packed-version slicer (src/server/chunked-json.ts) compares.
 */

export const TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  QUOTE = 34,
  APOSTROPHE = 39,
  PLUS = 43,
  COMMA = 44,
  HYPHEN = 45,
  DOT = 46,
  ZERO = 48,
  NINE = 57,
  COLON = 58,
  EQUALS = 61,
  AT = 64,
  OPEN_BRACKET = 91,
  BACKSLASH = 92,
  CLOSE_BRACKET = 93,
  OPEN_BRACE = 123,
  CLOSE_BRACE = 125,
  BOM = 0xfeff;
