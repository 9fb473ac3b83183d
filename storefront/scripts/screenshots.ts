/**
 * Screenshots of every page, desktop (1280×800) and phone (390×844), of the BUILT app served by
 * the production server, with the API mocked by Playwright route interception.
 *
 *   npm run build -w @bookstore/storefront && npm run screenshots -w @bookstore/storefront
 *
 * Writes PNGs to reports/storefront-screenshots/ (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Page, type Route } from 'playwright-core';
import { buildServer } from '../server/app.ts';
import { runtimeConfigFromEnv } from '../src/runtime-config.ts';

const OUT = fileURLToPath(new URL('../../reports/storefront-screenshots/', import.meta.url));
const AUTHORITY = 'http://localhost:30000/auth/realms/bookstore';

const CATALOG: [string, string, number, number, string][] = [
  [
    'The Hobbit',
    'J. R. R. Tolkien',
    1299,
    1937,
    'Bilbo Baggins is swept into a quest to reclaim the dwarves’ treasure from the dragon Smaug.',
  ],
  [
    'Dune',
    'Frank Herbert',
    1099,
    1965,
    'On the desert planet Arrakis, young Paul Atreides is drawn into a struggle for the most valuable substance in the universe.',
  ],
  [
    'Pride and Prejudice',
    'Jane Austen',
    799,
    1813,
    'Elizabeth Bennet and Mr Darcy misjudge each other, then slowly learn better, in Austen’s sharpest comedy of manners.',
  ],
  [
    'Nineteen Eighty-Four',
    'George Orwell',
    999,
    1949,
    'Winston Smith works for the Ministry of Truth and dares to keep a diary in a state that watches everything.',
  ],
  [
    'The Left Hand of Darkness',
    'Ursula K. Le Guin',
    1399,
    1969,
    'An envoy to the icy world of Gethen must make sense of a people without fixed sex, and of loyalty itself.',
  ],
  [
    'Beloved',
    'Toni Morrison',
    1499,
    1987,
    'Sethe, formerly enslaved, is haunted by the ghost of her daughter in post–Civil War Ohio.',
  ],
  [
    'One Hundred Years of Solitude',
    'Gabriel García Márquez',
    1599,
    1967,
    'Seven generations of the Buendía family in the town of Macondo.',
  ],
  [
    'The Great Gatsby',
    'F. Scott Fitzgerald',
    899,
    1925,
    'Nick Carraway watches his neighbour Jay Gatsby chase a dream across Long Island Sound.',
  ],
  [
    'Frankenstein',
    'Mary Shelley',
    699,
    1818,
    'Victor Frankenstein builds a living being and flees from what he made.',
  ],
  [
    'Things Fall Apart',
    'Chinua Achebe',
    1199,
    1958,
    'Okonkwo’s strength and pride meet the arrival of colonial rule in Igboland.',
  ],
  [
    'The Name of the Rose',
    'Umberto Eco',
    1699,
    1980,
    'A Franciscan friar investigates a series of deaths in an Italian abbey in 1327.',
  ],
  [
    'Middlemarch',
    'George Eliot',
    1299,
    1871,
    'The lives of a provincial English town, and of Dorothea Brooke, who wants to do some good.',
  ],
  ['Moby-Dick', 'Herman Melville', 1099, 1851, 'Captain Ahab hunts the white whale.'],
  [
    'Jane Eyre',
    'Charlotte Brontë',
    899,
    1847,
    'An orphaned governess finds her own mind, and Mr Rochester’s secret.',
  ],
];
const BOOKS = CATALOG.map(([title, author, priceCents, year, description], i) => ({
  id: i + 1,
  isbn: `97801404${String(17_739 + i * 7_919).padStart(5, '0')}`,
  title,
  author,
  priceCents,
  price: priceCents / 100,
  currency: 'USD',
  year,
  description,
  coverColor: ['#7c2d12', '#1e3a5f', '#14532d', '#4c1d95', '#7f1d1d', '#134e4a', '#3f3f46'][i % 7]!,
  coverUrl: '',
}));
const STOCK = new Map(BOOKS.map((b) => [b.id, b.id === 4 ? 0 : b.id === 2 ? 3 : 12]));
const ORDER = {
  id: '3f2c8a4e-9b1d-4c7e-a5f6-2d8e1b0c9a47',
  status: 'confirmed',
  createdAt: '2026-03-14T10:24:00.000Z',
  totalCents: 3697,
  total: 36.97,
  itemCount: 3,
  items: [
    { bookId: 1, title: 'The Hobbit', quantity: 2, unitPriceCents: 1299, lineTotalCents: 2598 },
    { bookId: 2, title: 'Dune', quantity: 1, unitPriceCents: 1099, lineTotalCents: 1099 },
  ],
};
const CART_LINES = [
  { book: BOOKS[0]!, quantity: 2 },
  { book: BOOKS[5]!, quantity: 1 },
];

function cartBody() {
  const items = CART_LINES.map(({ book, quantity }) => ({
    bookId: book.id,
    title: book.title,
    author: book.author,
    priceCents: book.priceCents,
    price: book.price,
    quantity,
    lineTotalCents: book.priceCents * quantity,
    coverColor: book.coverColor,
    coverUrl: '',
  }));
  const totalCents = items.reduce((n, i) => n + i.lineTotalCents, 0);
  return { items, totalQuantity: 3, totalCents, total: totalCents / 100 };
}

async function mockApi(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  const json = (body: unknown, status = 200) =>
    route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const path = url.pathname;
  if (path === '/ecom/books') {
    const page = Number(url.searchParams.get('page') ?? 1);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 12);
    return json({
      items: BOOKS.slice((page - 1) * pageSize, page * pageSize),
      total: BOOKS.length,
      page,
      pageSize,
    });
  }
  if (path === '/ecom/books/search') {
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const items = BOOKS.filter((b) => `${b.title} ${b.author}`.toLowerCase().includes(q));
    return json({ query: q, items, total: items.length });
  }
  const bookMatch = /^\/ecom\/books\/(\d+)$/.exec(path);
  if (bookMatch) return json(BOOKS.find((b) => b.id === Number(bookMatch[1])));
  if (path === '/inven/stock') {
    const ids = (url.searchParams.get('ids') ?? '').split(',').map(Number);
    return json({
      items: ids.map((id) => ({ bookId: id, available: STOCK.get(id) ?? 0, reserved: 0 })),
      missing: [],
    });
  }
  if (path.startsWith('/ecom/cart')) return json(cartBody());
  if (path === '/ecom/orders')
    return json({
      items: [
        ORDER,
        {
          ...ORDER,
          id: '9a1b7c3d-0e4f-4a2b-8c6d-5e7f9a0b1c2d',
          createdAt: '2026-02-02T09:00:00.000Z',
          items: [ORDER.items[1]],
          totalCents: 1099,
          total: 10.99,
          itemCount: 1,
        },
      ],
    });
  if (path.startsWith('/ecom/orders/')) return json(ORDER);
  return route.fulfill({ status: 404, body: '' });
}

/** oidc-client-ts keeps the session in localStorage under this key; a stored user = signed in. */
function signedInUser() {
  return {
    key: `oidc.user:${AUTHORITY}:storefront`,
    value: JSON.stringify({
      access_token: 'screenshot-token',
      token_type: 'Bearer',
      scope: 'openid profile email',
      expires_at: Math.floor(Date.now() / 1000) + 3_600,
      profile: {
        sub: 'u1',
        name: 'Ada Lovelace',
        iss: AUTHORITY,
        aud: 'storefront',
        exp: 0,
        iat: 0,
      },
    }),
  };
}

const guestCart = JSON.stringify(
  CART_LINES.map(({ book, quantity }) => ({
    bookId: book.id,
    quantity,
    title: book.title,
    price: book.price,
    updatedAt: '2026-03-01T00:00:00.000Z',
  })),
);

interface Shot {
  name: string;
  path: string;
  signedIn?: boolean;
  guestCart?: boolean;
  then?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: 'catalog', path: '/' },
  {
    name: 'search-suggestions',
    path: '/',
    then: async (page) => {
      await page.getByRole('combobox', { name: 'Search books' }).fill('th');
      await page.getByRole('listbox', { name: 'Suggestions' }).waitFor();
    },
  },
  { name: 'search-results', path: '/search?q=the' },
  { name: 'search-empty', path: '/search?q=zzz' },
  { name: 'book', path: '/books/2' },
  {
    name: 'book-added-toast',
    path: '/books/1',
    then: async (page) => {
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByRole('status').first().waitFor();
    },
  },
  { name: 'cart-guest', path: '/cart', guestCart: true },
  { name: 'cart-empty', path: '/cart' },
  { name: 'cart-signed-in', path: '/cart', signedIn: true },
  { name: 'checkout', path: '/checkout', signedIn: true },
  { name: 'confirmation', path: `/checkout/confirmation/${ORDER.id}`, signedIn: true },
  { name: 'orders', path: '/orders', signedIn: true },
  { name: 'order', path: `/orders/${ORDER.id}`, signedIn: true },
  { name: 'orders-guest', path: '/orders' },
  { name: 'not-found', path: '/no-such-page' },
];

const VIEWPORTS = [
  { label: 'desktop', width: 1280, height: 800 },
  { label: 'phone', width: 390, height: 844 },
];

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const app = await buildServer({
    staticDir: fileURLToPath(new URL('../dist', import.meta.url)),
    config: runtimeConfigFromEnv({ OIDC_AUTHORITY: AUTHORITY, OIDC_CLIENT_ID: 'storefront' }),
  });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    for (const viewport of VIEWPORTS) {
      for (const shot of SHOTS) {
        const context = await browser.newContext({
          viewport,
          deviceScaleFactor: 1,
          reducedMotion: 'reduce',
        });
        await context.route(/\/(ecom|inven)\//, mockApi);
        await context.route(/localhost:30000\/auth\//, (route) => route.abort());
        const init: { key: string; value: string }[] = [];
        if (shot.signedIn) init.push(signedInUser());
        if (shot.guestCart) init.push({ key: 'bookstore_guest_cart', value: guestCart });
        await context.addInitScript((items) => {
          for (const { key, value } of items) localStorage.setItem(key, value);
        }, init);
        const page = await context.newPage();
        await page.goto(`${origin}${shot.path}`, { waitUntil: 'networkidle' });
        if (shot.then) await shot.then(page);
        await page.waitForTimeout(300);
        const file = `${OUT}${shot.name}-${viewport.label}.png`;
        await page.screenshot({ path: file, fullPage: viewport.label === 'phone' });
        await context.close();
        process.stdout.write(`${file}\n`);
      }
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
