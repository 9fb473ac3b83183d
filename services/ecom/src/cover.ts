import type { Book } from '@bookstore/contracts';

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > maxLines
    ? [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1] ?? ''}…`]
    : lines;
}

/** A 200×300 cover drawn from the book's colour, title and author (no external images). */
export function renderCover(book: Pick<Book, 'title' | 'author' | 'coverColor' | 'year'>): string {
  // About 13 characters of 18px bold Georgia fit inside the 180px frame with a margin.
  const title = wrap(book.title, 13, 5)
    .map(
      (line, i) =>
        `<text x="100" y="${80 + i * 23}" font-size="18" font-weight="bold">${escapeXml(line)}</text>`,
    )
    .join('');
  const author = wrap(book.author, 20, 2)
    .map((line, i) => `<text x="100" y="${240 + i * 17}" font-size="13">${escapeXml(line)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="300" viewBox="0 0 200 300" role="img" aria-label="${escapeXml(book.title)}">` +
    `<rect width="200" height="300" fill="${escapeXml(book.coverColor)}"/>` +
    `<rect x="10" y="10" width="180" height="280" fill="none" stroke="#ffffff" stroke-opacity="0.6"/>` +
    `<g fill="#ffffff" font-family="Georgia, serif" text-anchor="middle">${title}${author}` +
    `<text x="100" y="282" font-size="11" opacity="0.8">${book.year}</text></g></svg>`
  );
}
