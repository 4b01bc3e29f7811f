import { COUNTRIES, LANGUAGES, LOCATION_NAMES, NICHES } from './vocabulary.ts';

/**
 * Dictionary (classifier) endpoints (api-ref#dictionaries): free GETs answering bare JSON arrays. Brand and game
 * names are invented.
 */

export interface NamedItem {
  full_name: string;
  cleaned: string;
  username: string;
}

function named(fullName: string): NamedItem {
  const cleaned = fullName.toLowerCase();
  return { full_name: fullName, cleaned, username: cleaned.replace(/[^a-z0-9]+/g, '') };
}

const BRAND_PREFIXES = [
  'Northwind',
  'Bluefin',
  'Copperleaf',
  'Driftwood',
  'Emberly',
  'Foxglove',
  'Granite',
  'Harbor',
  'Ivory',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meadow',
  'Nimbus',
  'Orchard',
  'Pinecrest',
  'Quartz',
  'Riverstone',
  'Saffron',
  'Tidewater',
] as const;

const BRAND_SUFFIXES = [
  'Athletics',
  'Beauty',
  'Coffee',
  'Denim',
  'Electronics',
  'Foods',
  'Gear',
  'Home',
  'Jewelry',
  'Kitchen',
  'Labs',
  'Outfitters',
  'Pets',
  'Skincare',
  'Travel',
] as const;

/** 300 invented brands. */
export const BRANDS: readonly NamedItem[] = BRAND_PREFIXES.flatMap((prefix) =>
  BRAND_SUFFIXES.map((suffix) => named(`${prefix} ${suffix}`)),
);

export const LANGUAGE_ITEMS = LANGUAGES;

export const LOCATIONS = LOCATION_NAMES;

export const YT_TOPICS: readonly { topic_details: string; sub_topic_details: string[] }[] = [
  {
    topic_details: 'Music',
    sub_topic_details: ['Pop music', 'Hip hop music', 'Rock music', 'Electronic music'],
  },
  {
    topic_details: 'Gaming',
    sub_topic_details: ['Action game', 'Role-playing video game', 'Strategy video game'],
  },
  { topic_details: 'Sports', sub_topic_details: ['Football', 'Basketball', 'Physical fitness', 'Tennis'] },
  { topic_details: 'Entertainment', sub_topic_details: ['Film', 'Humour', 'Television program'] },
  { topic_details: 'Lifestyle', sub_topic_details: ['Fashion', 'Food', 'Health', 'Hobby', 'Pet', 'Tourism'] },
  { topic_details: 'Society', sub_topic_details: ['Business', 'Knowledge', 'Politics', 'Technology'] },
];

/**
 * api-ref#dictionaries: the games item shape is unknown — the only note claims it matches yt-topics (probably a
 * copy-paste). We serve that shape with invented game titles grouped by genre.
 */
export const GAMES: readonly { topic_details: string; sub_topic_details: string[] }[] = [
  { topic_details: 'Shooter', sub_topic_details: ['Starfall Arena', 'Iron Meridian', 'Echo Protocol'] },
  { topic_details: 'Strategy', sub_topic_details: ['Kingdoms of Ash', 'Hexfront', 'Tidecaller Tactics'] },
  { topic_details: 'Role-playing', sub_topic_details: ['Lanterns of Veil', 'Moonforge Saga', 'Driftlands'] },
  { topic_details: 'Sports', sub_topic_details: ['Pitchside 26', 'Hoop Dynasty', 'Turbo Kart League'] },
  { topic_details: 'Casual', sub_topic_details: ['Garden Pals', 'Word Orchard', 'Cozy Café'] },
];

const BRAND_CATEGORIES = [
  'Clothes, Shoes, Handbags & Accessories',
  'Beauty & Cosmetics',
  'Electronics & Computers',
  'Restaurants, Food & Grocery',
  'Toys, Children & Baby',
  'Travel, Tourism & Aviation',
  'Cars & Motorbikes',
  'Sports',
  'Camera & Photography',
  'Coffee, Tea & Beverages',
  'Jewellery & Watches',
  'Healthy Lifestyle',
  'Fitness & Yoga',
  'Home Decor, Furniture & Garden',
  'Pets',
  'Gaming',
  'Music',
  'Television & Film',
  'Books',
  'Business & Careers',
  'Tobacco & Smoking',
  'Wedding',
  'Luxury Goods',
  'Beer, Wine & Spirits',
  'Friends, Family & Relationships',
  'Art & Design',
  'Shopping & Retail',
  'Activewear',
  'Skincare',
  'Outdoor Gear',
] as const;

const INTERESTS = [
  ...BRAND_CATEGORIES,
  ...NICHES.map((niche) => niche.name[0]!.toUpperCase() + niche.name.slice(1)),
  'Celebrities',
  'Comedy',
  'Podcasts',
  'Photography',
  'Science',
  'Technology',
  'Education',
  'Personal Finance',
  'Parenting',
  'Vegan Food',
];

const STATES = [
  'California, United States',
  'Texas, United States',
  'New York, United States',
  'Florida, United States',
  'Ontario, Canada',
  'Bavaria, Germany',
  'Île-de-France, France',
  'São Paulo State, Brazil',
  'Maharashtra, India',
  'New South Wales, Australia',
];

/** One list per audience-* endpoint. */
export const AUDIENCE_DICTIONARIES: Record<string, readonly NamedItem[]> = {
  'audience-brand-categories': BRAND_CATEGORIES.map(named),
  'audience-brand-names': BRANDS,
  'audience-interests': [...new Set(INTERESTS)].map(named),
  // api-ref#dictionaries / api-ref#open-questions q9: the real items may carry a `type` (country/state/city); the only note says
  // {full_name, cleaned, username}, so the double keeps that one shape.
  'audience-locations': [
    ...COUNTRIES.map((country) => country.name),
    ...STATES,
    ...COUNTRIES.flatMap((country) => country.cities.map((city) => `${city}, ${country.name}`)),
  ].map(named),
};

export const AUDIENCE_PAGE_SIZE = 50;

/** audience-* honour `search` (case-insensitive substring) and `offset`; page size is our guess (api-ref#open-questions q9). */
export function searchDictionary(items: readonly NamedItem[], search: string, offset: number): NamedItem[] {
  const needle = search.trim().toLowerCase();
  const matches =
    needle === '' ? items : items.filter((item) => item.full_name.toLowerCase().includes(needle));
  return matches.slice(offset, offset + AUDIENCE_PAGE_SIZE);
}
