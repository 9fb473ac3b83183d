import { useState } from 'react';
import { useApi } from '../api/context';

/** A stable 32-bit hash (FNV-1a) so a book always gets the same colours. */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const PALETTE = [
  ['#7c2d12', '#fde68a'],
  ['#1e3a5f', '#f8d9a0'],
  ['#14532d', '#e7e5c0'],
  ['#4c1d95', '#fbcfe8'],
  ['#7f1d1d', '#fef3c7'],
  ['#134e4a', '#ccfbf1'],
  ['#3f3f46', '#fcd34d'],
  ['#9a3412', '#ffedd5'],
  ['#1e40af', '#dbeafe'],
  ['#831843', '#fce7f3'],
] as const;

/** Breaks a title into at most `maxLines` lines of about `width` characters. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current === '' || `${current} ${word}`.length <= width)
      current = current ? `${current} ${word}` : word;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/[\s,.:;]+$/, '')}…`;
    return kept;
  }
  return lines;
}

export interface CoverBook {
  title: string;
  author: string;
  /** Seeds the drawn cover's colours when there is no coverColor. */
  isbn?: string;
  /** The API's generated cover (a path under /ecom); absent for a guest's cart line. */
  coverUrl?: string;
  coverColor?: string;
}

/**
 * The book's cover: the API's generated image when it has one (falling back if it fails to
 * load), else one drawn here from the title, author and colour. Decorative (the title is always
 * next to it), so hidden from assistive tech.
 */
export function BookCover({ book, size = 'md' }: { book: CoverBook; size?: 'sm' | 'md' | 'lg' }) {
  const api = useApi();
  const [failed, setFailed] = useState(false);
  if (book.coverUrl && !failed) {
    return (
      <img
        className={`cover cover-${size}`}
        src={api.url(book.coverUrl)}
        alt=""
        loading="lazy"
        width={200}
        height={300}
        onError={() => setFailed(true)}
      />
    );
  }
  return <DrawnCover book={book} size={size} />;
}

function DrawnCover({ book, size }: { book: CoverBook; size: 'sm' | 'md' | 'lg' }) {
  const seed = hash(book.isbn ?? book.title);
  const [paletteInk, paper] = PALETTE[seed % PALETTE.length]!;
  const ink = book.coverColor ?? paletteInk;
  const pattern = (seed >>> 8) % 3;
  const titleLines = wrap(book.title, 13, 4);
  const fontSize = titleLines.some((l) => l.length > 11) ? 17 : 20;
  const titleTop = 92 - (titleLines.length - 1) * (fontSize * 0.6);
  return (
    <svg
      className={`cover cover-${size}`}
      viewBox="0 0 200 300"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="200" height="300" fill={ink} />
      {pattern === 0 && <circle cx="170" cy="40" r="90" fill={paper} opacity="0.12" />}
      {pattern === 1 && (
        <g fill={paper} opacity="0.1">
          <rect x="0" y="225" width="200" height="14" />
          <rect x="0" y="247" width="200" height="6" />
        </g>
      )}
      {pattern === 2 && <path d="M0 300 L200 170 L200 300 Z" fill={paper} opacity="0.1" />}
      <rect x="10" y="0" width="4" height="300" fill="#000" opacity="0.18" />
      <rect
        x="24"
        y="24"
        width="152"
        height="252"
        fill="none"
        stroke={paper}
        strokeOpacity="0.45"
        strokeWidth="1.5"
      />
      <text
        x="100"
        y={titleTop}
        textAnchor="middle"
        fill={paper}
        fontFamily="Georgia, 'Times New Roman', serif"
        fontSize={fontSize}
        fontWeight="700"
      >
        {titleLines.map((line, i) => (
          <tspan key={i} x="100" dy={i === 0 ? 0 : fontSize * 1.2}>
            {line}
          </tspan>
        ))}
      </text>
      <line x1="80" x2="120" y1="200" y2="200" stroke={paper} strokeOpacity="0.6" />
      <text
        x="100"
        y="226"
        textAnchor="middle"
        fill={paper}
        fontFamily="system-ui, sans-serif"
        fontSize="12"
        letterSpacing="1.5"
        opacity="0.9"
      >
        {wrap(book.author.toUpperCase(), 22, 1)[0]}
      </text>
    </svg>
  );
}
