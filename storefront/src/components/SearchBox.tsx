import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../api/context';
import type { Book } from '@bookstore/contracts';
import { formatPrice } from '../format';
import { bookPath, searchPath } from '../paths';
import { BookCover } from './BookCover';

export const SEARCH_DEBOUNCE_MS = 250;
const MIN_CHARS = 2;
const MAX_SUGGESTIONS = 6;

/**
 * The nav bar's search: a combobox (ARIA 1.2 pattern) that suggests books as you type, after a
 * short pause; Enter opens the highlighted book, or the results page when none is highlighted.
 */
export function SearchBox() {
  const api = useApi();
  const navigate = useNavigate();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [suggestions, setSuggestions] = useState<Book[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  const trimmed = query.trim();
  useEffect(() => {
    if (trimmed.length < MIN_CHARS) {
      setSuggestions([]);
      setStatus('');
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.searchBooks(trimmed, controller.signal).then(
        (books) => {
          const shown = books.slice(0, MAX_SUGGESTIONS);
          setSuggestions(shown);
          setActive(-1);
          setStatus(
            shown.length === 0 ? `No books match “${trimmed}”` : `${shown.length} suggestions`,
          );
        },
        () => {
          if (!controller.signal.aborted) setSuggestions([]);
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, trimmed]);

  const expanded = open && trimmed.length >= MIN_CHARS && suggestions.length > 0;

  const close = (): void => {
    setOpen(false);
    setActive(-1);
  };
  const openBook = (book: Book): void => {
    close();
    setQuery('');
    inputRef.current?.blur();
    void navigate(bookPath(book.id));
  };
  const submit = (): void => {
    if (trimmed === '') return;
    close();
    inputRef.current?.blur();
    void navigate(searchPath(trimmed));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (event.key === 'Escape') {
      if (expanded) close();
      else setQuery('');
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = expanded && active >= 0 ? suggestions[active] : undefined;
      if (chosen) openBook(chosen);
      else submit();
    }
  };

  return (
    <form
      role="search"
      aria-label="Books"
      className="search"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label="Search books"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder="Search by title, author or ISBN"
        autoComplete="off"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => close()}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="search-button" aria-label="Search">
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M20 20l-4-4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        className="suggestions"
        hidden={!expanded}
      >
        {suggestions.map((book, index) => (
          <li
            key={book.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className="suggestion"
            // mousedown, not click: it fires before the input's blur closes the list
            onMouseDown={(event) => {
              event.preventDefault();
              openBook(book);
            }}
          >
            <BookCover book={book} size="sm" />
            <span className="suggestion-text">
              <span className="suggestion-title">{book.title}</span>
              <span className="suggestion-author">{book.author}</span>
            </span>
            <span className="suggestion-price">{formatPrice(book.price)}</span>
          </li>
        ))}
      </ul>
      <span className="sr-only" aria-live="polite">
        {open ? status : ''}
      </span>
    </form>
  );
}
