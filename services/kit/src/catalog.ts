/**
 * The seed catalog both services share: ecom loads it into `books` (ids 1..N in this order),
 * inventory seeds `stock` for the same ids. Real books; ISBN-13s carry valid check digits
 * (test/catalog.test.ts verifies every one).
 */
export interface SeedBook {
  /** 1-based, stable: the position in SEED_BOOKS. */
  id: number;
  isbn: string;
  title: string;
  author: string;
  year: number;
  priceCents: number;
  description: string;
  /** Background colour of the generated cover (ecom serves /ecom/books/{id}/cover.svg). */
  coverColor: string;
}

type Row = [isbn: string, title: string, author: string, year: number, priceCents: number, description: string];

const ROWS: Row[] = [
  ['9780141439518', 'Pride and Prejudice', 'Jane Austen', 1813, 899, 'Elizabeth Bennet and Mr Darcy misjudge each other in a comedy of manners about marriage and money.'],
  ['9780451524935', 'Nineteen Eighty-Four', 'George Orwell', 1949, 999, 'Winston Smith rewrites history for a state that watches everything, until he falls in love.'],
  ['9780061120084', 'To Kill a Mockingbird', 'Harper Lee', 1960, 1099, 'Scout Finch watches her father defend a Black man falsely accused in 1930s Alabama.'],
  ['9780743273565', 'The Great Gatsby', 'F. Scott Fitzgerald', 1925, 1099, 'Nick Carraway is drawn into the glittering, doomed world of his neighbour Jay Gatsby.'],
  ['9780316769488', 'The Catcher in the Rye', 'J. D. Salinger', 1951, 999, 'Holden Caulfield wanders New York for three days after being expelled from school.'],
  ['9780547928227', 'The Hobbit', 'J. R. R. Tolkien', 1937, 1499, 'Bilbo Baggins is swept off on a quest to win back a treasure guarded by a dragon.'],
  ['9780544003415', 'The Lord of the Rings', 'J. R. R. Tolkien', 1954, 2999, 'Frodo carries the One Ring across Middle-earth to destroy it in the fires of Mount Doom.'],
  ['9780590353427', "Harry Potter and the Sorcerer's Stone", 'J. K. Rowling', 1997, 1099, 'An orphan learns on his eleventh birthday that he is a wizard and goes to Hogwarts.'],
  ['9780439064873', 'Harry Potter and the Chamber of Secrets', 'J. K. Rowling', 1998, 1099, 'A hidden chamber opens at Hogwarts and students are found petrified.'],
  ['9780439136365', 'Harry Potter and the Prisoner of Azkaban', 'J. K. Rowling', 1999, 1199, 'A dangerous prisoner escapes Azkaban and seems to be coming for Harry.'],
  ['9780060850524', 'Brave New World', 'Aldous Huxley', 1932, 1099, 'A future society engineers happiness through conditioning, pleasure and a drug called soma.'],
  ['9781451673319', 'Fahrenheit 451', 'Ray Bradbury', 1953, 999, 'A fireman whose job is burning books begins to read them.'],
  ['9780141439600', 'A Tale of Two Cities', 'Charles Dickens', 1859, 799, 'Lives in London and Paris are caught up in the French Revolution.'],
  ['9780141439570', 'The Picture of Dorian Gray', 'Oscar Wilde', 1890, 799, 'A young man stays beautiful while his portrait records every sin.'],
  ['9780141439471', 'Frankenstein', 'Mary Shelley', 1818, 799, 'Victor Frankenstein creates a living being and then abandons it.'],
  ['9780141439846', 'Dracula', 'Bram Stoker', 1897, 899, 'Jonathan Harker travels to Transylvania and brings back more than a property deal.'],
  ['9780141439563', 'Great Expectations', 'Charles Dickens', 1861, 899, 'The orphan Pip receives a fortune from an unknown benefactor.'],
  ['9780142437179', 'The Adventures of Huckleberry Finn', 'Mark Twain', 1884, 899, 'Huck and the escaped slave Jim raft down the Mississippi.'],
  ['9780142437247', 'Moby-Dick', 'Herman Melville', 1851, 1199, "Ishmael ships aboard the Pequod under Captain Ahab's obsessive hunt for a white whale."],
  ['9780142437261', 'Sense and Sensibility', 'Jane Austen', 1811, 799, 'Two sisters, one reasoned and one romantic, face love and loss.'],
  ['9780141441146', 'Jane Eyre', 'Charlotte Brontë', 1847, 899, 'A governess falls in love with her employer, who keeps a secret in the attic.'],
  ['9780141439556', 'Wuthering Heights', 'Emily Brontë', 1847, 899, 'The foundling Heathcliff and Catherine Earnshaw share a love that destroys two families.'],
  ['9780143105954', 'Anna Karenina', 'Leo Tolstoy', 1878, 1399, 'A married woman begins an affair that Russian society will not forgive.'],
  ['9780140449136', 'Crime and Punishment', 'Fyodor Dostoevsky', 1866, 1199, 'A poor student commits murder and is consumed by guilt.'],
  ['9780374528379', 'The Brothers Karamazov', 'Fyodor Dostoevsky', 1880, 1999, 'Three brothers and a murdered father: faith, doubt and free will.'],
  ['9780060883287', 'One Hundred Years of Solitude', 'Gabriel García Márquez', 1967, 1799, 'Seven generations of the Buendía family in the town of Macondo.'],
  ['9780679720201', 'The Stranger', 'Albert Camus', 1942, 1299, 'Meursault kills a man on an Algerian beach and cannot pretend to feel what he does not.'],
  ['9780375704024', 'Norwegian Wood', 'Haruki Murakami', 1987, 1699, 'Toru Watanabe remembers his student years in Tokyo and two very different women.'],
  ['9781400033416', 'Beloved', 'Toni Morrison', 1987, 1699, 'A formerly enslaved woman is haunted by the daughter she lost.'],
  ['9780307387899', 'The Road', 'Cormac McCarthy', 2006, 1599, 'A father and son walk south through a burned, dying America.'],
  ['9781400078776', 'Never Let Me Go', 'Kazuo Ishiguro', 2005, 1699, 'Kathy remembers her childhood at Hailsham, a school with a secret purpose.'],
  ['9780385490818', "The Handmaid's Tale", 'Margaret Atwood', 1985, 1599, 'In the Republic of Gilead, Offred is kept to bear children for the ruling class.'],
  ['9780062315007', 'The Alchemist', 'Paulo Coelho', 1988, 1699, 'A shepherd boy travels from Spain to Egypt in search of a treasure.'],
  ['9781594631931', 'The Kite Runner', 'Khaled Hosseini', 2003, 1800, 'A friendship in Kabul is broken by betrayal, and redeemed decades later.'],
  ['9780156027328', 'Life of Pi', 'Yann Martel', 2001, 1699, 'A boy survives 227 days in a lifeboat with a Bengal tiger.'],
  ['9780375842207', 'The Book Thief', 'Markus Zusak', 2005, 1399, 'Death narrates the story of a girl who steals books in Nazi Germany.'],
  ['9780307588371', 'Gone Girl', 'Gillian Flynn', 2012, 1700, 'On their fifth anniversary Amy Dunne disappears, and her husband becomes the suspect.'],
  ['9780307474278', 'The Da Vinci Code', 'Dan Brown', 2003, 999, 'A murder in the Louvre leads to a secret guarded for centuries.'],
  ['9780307454546', 'The Girl with the Dragon Tattoo', 'Stieg Larsson', 2005, 1699, 'A journalist and a hacker investigate a forty-year-old disappearance.'],
  ['9780062073488', 'And Then There Were None', 'Agatha Christie', 1939, 999, 'Ten strangers on an island are killed one by one.'],
  ['9780062693662', 'Murder on the Orient Express', 'Agatha Christie', 1934, 999, 'Hercule Poirot investigates a murder on a snowbound train.'],
  ['9780439023528', 'The Hunger Games', 'Suzanne Collins', 2008, 1099, 'Katniss Everdeen volunteers for a televised fight to the death.'],
  ['9780441172719', 'Dune', 'Frank Herbert', 1965, 1099, 'Paul Atreides becomes the leader of the desert people of Arrakis.'],
  ['9780553293357', 'Foundation', 'Isaac Asimov', 1951, 899, 'Hari Seldon plans to shorten the dark age after the fall of the Galactic Empire.'],
  ['9780345391803', "The Hitchhiker's Guide to the Galaxy", 'Douglas Adams', 1979, 999, 'Arthur Dent escapes the demolition of Earth with a towel and an alien friend.'],
  ['9780441569595', 'Neuromancer', 'William Gibson', 1984, 999, 'A washed-up hacker is hired for one last job in cyberspace.'],
  ['9780812550702', "Ender's Game", 'Orson Scott Card', 1985, 999, 'A gifted child is trained in orbit to fight an alien invasion.'],
  ['9780553418026', 'The Martian', 'Andy Weir', 2011, 1099, 'An astronaut stranded on Mars has to science his way to survival.'],
  ['9780756404741', 'The Name of the Wind', 'Patrick Rothfuss', 2007, 1099, 'Kvothe tells the true story of how he became a legend.'],
  ['9780553593716', 'A Game of Thrones', 'George R. R. Martin', 1996, 999, 'Noble houses fight for the Iron Throne while winter approaches.'],
  ['9780380789030', 'Neverwhere', 'Neil Gaiman', 1996, 999, 'Richard Mayhew falls through the cracks into London Below.'],
  ['9780060853983', 'Good Omens', 'Terry Pratchett and Neil Gaiman', 1990, 1099, 'An angel and a demon try to stop the end of the world.'],
  ['9781501143519', 'Misery', 'Stephen King', 1987, 999, "A novelist is held captive by his 'number one fan'."],
  ['9780307743657', 'The Shining', 'Stephen King', 1977, 999, 'A family spends the winter as caretakers of an isolated hotel.'],
  ['9780684801223', 'The Old Man and the Sea', 'Ernest Hemingway', 1952, 1200, 'An old Cuban fisherman battles a giant marlin far out in the Gulf Stream.'],
  ['9780140283334', 'Lord of the Flies', 'William Golding', 1954, 1100, 'Schoolboys stranded on an island descend into savagery.'],
  ['9780452284234', 'Animal Farm', 'George Orwell', 1945, 899, 'The animals overthrow their farmer, and the pigs take charge.'],
  ['9780140177398', 'Of Mice and Men', 'John Steinbeck', 1937, 1000, 'Two migrant workers dream of a farm of their own in Depression-era California.'],
  ['9780143039433', 'The Grapes of Wrath', 'John Steinbeck', 1939, 1800, 'The Joad family leaves the Dust Bowl for California.'],
  ['9780679732761', 'Invisible Man', 'Ralph Ellison', 1952, 1700, 'A Black man recounts a life of being unseen by the society around him.'],
  ['9780385333849', 'Slaughterhouse-Five', 'Kurt Vonnegut', 1969, 1000, 'Billy Pilgrim becomes unstuck in time after surviving the bombing of Dresden.'],
  ['9780684833392', 'Catch-22', 'Joseph Heller', 1961, 1800, 'A bombardier in the Second World War tries to be declared insane.'],
  ['9780143111580', 'Sapiens', 'Yuval Noah Harari', 2011, 2499, 'A brief history of humankind from the cognitive revolution to today.'],
  ['9780553380163', 'A Brief History of Time', 'Stephen Hawking', 1988, 1899, 'From the Big Bang to black holes, for readers without equations.'],
  ['9780374533557', 'Thinking, Fast and Slow', 'Daniel Kahneman', 2011, 1999, 'The two systems that drive the way we think and decide.'],
  ['9780201633610', 'Design Patterns', 'Erich Gamma, Richard Helm, Ralph Johnson and John Vlissides', 1994, 5499, 'Twenty-three reusable designs for object-oriented software.'],
  ['9780132350884', 'Clean Code', 'Robert C. Martin', 2008, 4499, 'A handbook of agile software craftsmanship.'],
  ['9780262033848', 'Introduction to Algorithms', 'Thomas H. Cormen, Charles E. Leiserson, Ronald L. Rivest and Clifford Stein', 2009, 9999, 'The standard reference on algorithms and data structures.'],
  ['9781449373320', 'Designing Data-Intensive Applications', 'Martin Kleppmann', 2017, 5999, 'The ideas behind reliable, scalable and maintainable data systems.'],
  ['9780135957059', 'The Pragmatic Programmer', 'David Thomas and Andrew Hunt', 2019, 4999, 'Your journey to mastery, 20th anniversary edition.'],
];

const PALETTE = ['#8e3b46', '#2f4858', '#33658a', '#86bbd8', '#758e4f', '#f6ae2d', '#f26419', '#553739', '#3d5a80', '#98c1d9', '#ee6c4d', '#293241'];

export const SEED_BOOKS: readonly SeedBook[] = ROWS.map(([isbn, title, author, year, priceCents, description], index) => ({
  id: index + 1,
  isbn,
  title,
  author,
  year,
  priceCents,
  description,
  coverColor: PALETTE[index % PALETTE.length] ?? '#293241',
}));

/** Stock every seeded book starts with in inventory. */
export const SEED_STOCK_PER_BOOK = 25;
