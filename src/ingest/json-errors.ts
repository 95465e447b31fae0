/**
 * Locates a JSON syntax error. Node 20's JSON.parse often reports no position at all, so on
 * failure the text is re-scanned with jsonc-parser (strict: no comments, no trailing commas)
 * to name the line and column a user can jump to.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNewline = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNewline = i;
    }
  }
  return { line, column: offset - lastNewline };
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/** Parses `text` as strict JSON, or returns where and why it is not JSON. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (jsonError) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (!first) {
      // jsonc-parser accepted what V8 rejected (e.g. a lone surrogate): fall back on V8's words.
      return { ok: false, error: { line: 1, column: 1, message: (jsonError as Error).message } };
    }
    const code = printParseErrorCode(first.error);
    const at = lineAndColumn(text, first.offset);
    return { ok: false, error: { ...at, message: MESSAGES[code] ?? code } };
  }
}
