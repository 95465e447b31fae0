/**
 * A small glob matcher for service paths (`services/api/**`) and tag patterns (`release-*`).
 *
 * Why not `path.matchesGlob`: on Node 20 it prints an ExperimentalWarning on first use, which
 * would land in the middle of the CLI's output; picomatch is not a dependency. The syntax here
 * is the common subset of picomatch and gitignore:
 * - `*` matches any run of characters except `/`; `?` one character except `/`;
 * - `**` as a whole path segment matches zero or more segments (`a/**` matches `a/x/y`,
 *   `a/** /b` matches `a/b` and `a/x/y/b`); elsewhere it behaves like `*`;
 * - `[abc]`, `[a-z]`, `[!a]` / `[^a]` character classes; `{a,b}` alternatives (not nested);
 * - `\x` escapes `x`. Everything else matches itself, case-sensitively.
 * A pattern with no glob character at all also matches everything below it as a folder
 * (`services/api` matches `services/api/main.go`), which is what people mean in a service map.
 */

const GLOB_CHARS = /[*?[\]{}\\]/;

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates one glob (without `{}` alternatives) into a regular-expression source. */
function translate(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const ch = glob[i] as string;
    if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegExp(glob[i + 1] as string);
      i += 2;
    } else if (ch === '*') {
      let j = i;
      while (glob[j] === '*') j++;
      const double = j - i >= 2;
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      const atSegmentEnd = j === glob.length || glob[j] === '/';
      if (double && atSegmentStart && atSegmentEnd) {
        if (j === glob.length) {
          out += '.*';
        } else {
          // `**/` : zero or more whole segments.
          out += '(?:[^/]*/)*';
          j++;
        }
      } else {
        out += '[^/]*';
      }
      i = j;
    } else if (ch === '?') {
      out += '[^/]';
      i++;
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        i++;
      } else {
        let body = glob.slice(i + 1, close);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        body = body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]');
        out += negated ? `[^/${body}]` : `[${body}]`;
        i = close + 1;
      }
    } else {
      out += escapeRegExp(ch);
      i++;
    }
  }
  return out;
}

/** Expands `{a,b}` alternatives (one level, possibly several groups) into plain globs. */
function expandBraces(glob: string): string[] {
  const open = glob.search(/(?<!\\)\{/);
  if (open === -1) return [glob];
  const close = glob.indexOf('}', open);
  if (close === -1) return [glob];
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  return glob
    .slice(open + 1, close)
    .split(',')
    .flatMap((alt) => expandBraces(`${head}${alt}${tail}`));
}

/** Compiles a glob into an anchored RegExp (see the module comment for the syntax). */
export function compileGlob(glob: string): RegExp {
  const alternatives = expandBraces(glob).map((g) => {
    if (!GLOB_CHARS.test(g)) {
      const plain = g.replace(/\/+$/, '');
      return `${translate(plain)}(?:/.*)?`;
    }
    return translate(g);
  });
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

/** A predicate that is true when a path (or tag name) matches any of the globs. */
export function globMatcher(globs: readonly string[]): (text: string) => boolean {
  const compiled = globs.map(compileGlob);
  return (text) => compiled.some((re) => re.test(text));
}
