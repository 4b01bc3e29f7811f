/**
 * Word lists the synthetic creators and the dictionaries are built from. All names are invented
 * combinations; no real person's data.
 */

export const FEMALE_FIRST_NAMES = [
  'Ava',
  'Maya',
  'Lena',
  'Sofia',
  'Nora',
  'Iris',
  'Zara',
  'Elif',
  'Priya',
  'Yuki',
  'Amara',
  'Lucia',
  'Hana',
  'Freya',
  'Ines',
  'Mila',
  'Talia',
  'Rosa',
  'Noor',
  'Kira',
] as const;

export const MALE_FIRST_NAMES = [
  'Theo',
  'Omar',
  'Luca',
  'Kenji',
  'Mateo',
  'Arjun',
  'Felix',
  'Jonas',
  'Diego',
  'Emeka',
  'Tomas',
  'Rafael',
  'Idris',
  'Bruno',
  'Kai',
  'Silas',
  'Anton',
  'Nikhil',
  'Hugo',
  'Soren',
] as const;

export const LAST_NAMES = [
  'Hartwell',
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Takeda',
  'Varga',
  'Castellanos',
  'Brennan',
  'Iyer',
  'Novak',
  'Adeyemi',
  'Fontaine',
  'Kowalczyk',
  'Salazar',
  'Whitcombe',
  'Haddad',
  'Petrov',
  'Nakamura',
  'Quinlan',
  'Abara',
] as const;

export interface Niche {
  name: string;
  /** Words ai_search matches against (besides the bio). */
  words: readonly string[];
  bios: readonly string[];
}

export const NICHES: readonly Niche[] = [
  {
    name: 'fitness',
    words: ['fitness', 'workout', 'gym', 'training', 'coach', 'strength', 'health', 'home'],
    bios: [
      'Home workouts and strength coaching',
      'Gym training tips for busy people',
      'Certified fitness coach',
    ],
  },
  {
    name: 'yoga',
    words: ['yoga', 'wellness', 'mindfulness', 'meditation', 'stretching', 'health'],
    bios: ['Daily yoga flows and breathwork', 'Yoga teacher · mindful movement'],
  },
  {
    name: 'beauty',
    words: ['beauty', 'makeup', 'skincare', 'cosmetics', 'glam', 'hair'],
    bios: ['Skincare routines that actually work', 'Makeup artist sharing everyday looks'],
  },
  {
    name: 'fashion',
    words: ['fashion', 'style', 'outfit', 'streetwear', 'thrift', 'clothes'],
    bios: ['Streetwear and thrift finds', 'Everyday outfit ideas on a budget'],
  },
  {
    name: 'gaming',
    words: ['gaming', 'gamer', 'esports', 'streamer', 'games', 'speedrun'],
    bios: ['Variety gamer and speedrunner', 'Esports analysis and highlights'],
  },
  {
    name: 'tech',
    words: ['tech', 'gadgets', 'reviews', 'coding', 'software', 'electronics'],
    bios: ['Honest gadget reviews', 'Coding tutorials and tech news'],
  },
  {
    name: 'food',
    words: ['food', 'cooking', 'recipes', 'baking', 'chef', 'vegan', 'kitchen'],
    bios: ['Weeknight recipes in 20 minutes', 'Home baker · sourdough obsessive'],
  },
  {
    name: 'travel',
    words: ['travel', 'adventure', 'backpacking', 'destinations', 'explore', 'vanlife'],
    bios: ['Slow travel on a small budget', 'Backpacking guides and hidden spots'],
  },
  {
    name: 'outdoors',
    words: ['outdoors', 'hiking', 'camping', 'climbing', 'nature', 'trail'],
    bios: ['Trail guides and camping gear tests', 'Climbing and long-distance hiking'],
  },
  {
    name: 'music',
    words: ['music', 'singer', 'guitar', 'producer', 'songwriter', 'covers'],
    bios: ['Singer-songwriter · new single out now', 'Beat producer sharing studio sessions'],
  },
  {
    name: 'comedy',
    words: ['comedy', 'funny', 'sketches', 'humor', 'memes', 'standup'],
    bios: ['Sketch comedy three times a week', 'Stand-up clips and bad puns'],
  },
  {
    name: 'parenting',
    words: ['parenting', 'family', 'mom', 'dad', 'kids', 'baby'],
    bios: ['Parenting without the pressure', 'Family life with three kids'],
  },
  {
    name: 'finance',
    words: ['finance', 'money', 'investing', 'budget', 'stocks', 'savings'],
    bios: ['Personal finance made simple', 'Investing basics for beginners'],
  },
  {
    name: 'pets',
    words: ['pets', 'dogs', 'cats', 'puppy', 'animals', 'training'],
    bios: ['Dog training tips and rescue stories', 'Two cats and a lot of opinions'],
  },
  {
    name: 'art',
    words: ['art', 'illustration', 'painting', 'drawing', 'design', 'artist'],
    bios: ['Illustrator · commissions open', 'Watercolor painting tutorials'],
  },
  {
    name: 'education',
    words: ['education', 'science', 'learning', 'history', 'teacher', 'study'],
    bios: ['Science explained in 60 seconds', 'History teacher on the internet'],
  },
];

export const NICHE_BY_NAME: ReadonlyMap<string, Niche> = new Map(NICHES.map((niche) => [niche.name, niche]));

export const ADJECTIVES = [
  'sunny',
  'urban',
  'little',
  'bold',
  'daily',
  'happy',
  'quiet',
  'wild',
  'cozy',
  'brave',
  'lucky',
  'simple',
  'modern',
  'tiny',
  'golden',
  'northern',
  'clever',
  'honest',
  'rapid',
  'gentle',
] as const;

export interface Country {
  name: string;
  code: string;
  language: string;
  cities: readonly string[];
}

export const COUNTRIES: readonly Country[] = [
  {
    name: 'United States',
    code: 'US',
    language: 'en',
    cities: ['New York', 'Los Angeles', 'Chicago', 'Austin'],
  },
  { name: 'United Kingdom', code: 'GB', language: 'en', cities: ['London', 'Manchester'] },
  { name: 'Canada', code: 'CA', language: 'en', cities: ['Toronto', 'Vancouver'] },
  { name: 'Australia', code: 'AU', language: 'en', cities: ['Sydney', 'Melbourne'] },
  { name: 'Ireland', code: 'IE', language: 'en', cities: ['Dublin'] },
  { name: 'India', code: 'IN', language: 'hi', cities: ['Mumbai', 'Delhi', 'Bengaluru'] },
  { name: 'Brazil', code: 'BR', language: 'pt', cities: ['São Paulo', 'Rio de Janeiro'] },
  { name: 'Portugal', code: 'PT', language: 'pt', cities: ['Lisbon'] },
  { name: 'Mexico', code: 'MX', language: 'es', cities: ['Mexico City', 'Guadalajara'] },
  { name: 'Spain', code: 'ES', language: 'es', cities: ['Madrid', 'Barcelona'] },
  { name: 'Argentina', code: 'AR', language: 'es', cities: ['Buenos Aires'] },
  { name: 'Colombia', code: 'CO', language: 'es', cities: ['Bogotá', 'Medellín'] },
  { name: 'France', code: 'FR', language: 'fr', cities: ['Paris', 'Lyon'] },
  { name: 'Germany', code: 'DE', language: 'de', cities: ['Berlin', 'Munich', 'Hamburg'] },
  { name: 'Austria', code: 'AT', language: 'de', cities: ['Vienna'] },
  { name: 'Italy', code: 'IT', language: 'it', cities: ['Milan', 'Rome'] },
  { name: 'Netherlands', code: 'NL', language: 'nl', cities: ['Amsterdam', 'Rotterdam'] },
  { name: 'Sweden', code: 'SE', language: 'sv', cities: ['Stockholm'] },
  { name: 'Poland', code: 'PL', language: 'pl', cities: ['Warsaw', 'Kraków'] },
  { name: 'Turkey', code: 'TR', language: 'tr', cities: ['Istanbul', 'Ankara'] },
  { name: 'Japan', code: 'JP', language: 'ja', cities: ['Tokyo', 'Osaka'] },
  { name: 'South Korea', code: 'KR', language: 'ko', cities: ['Seoul', 'Busan'] },
  { name: 'Indonesia', code: 'ID', language: 'id', cities: ['Jakarta'] },
  { name: 'Philippines', code: 'PH', language: 'en', cities: ['Manila'] },
  { name: 'Nigeria', code: 'NG', language: 'en', cities: ['Lagos', 'Abuja'] },
  { name: 'South Africa', code: 'ZA', language: 'en', cities: ['Cape Town', 'Johannesburg'] },
  { name: 'United Arab Emirates', code: 'AE', language: 'ar', cities: ['Dubai'] },
  { name: 'Egypt', code: 'EG', language: 'ar', cities: ['Cairo'] },
];

/** Country weights: most synthetic creators sit in a few big markets, like real rosters. */
export const COUNTRY_WEIGHTS: readonly number[] = COUNTRIES.map((country) =>
  country.code === 'US' ? 10 : ['GB', 'BR', 'IN', 'MX', 'DE', 'FR', 'CA'].includes(country.code) ? 3 : 1,
);

export const LANGUAGES: readonly { language: string; abbreviation: string }[] = [
  { language: 'English', abbreviation: 'en' },
  { language: 'Spanish', abbreviation: 'es' },
  { language: 'Portuguese', abbreviation: 'pt' },
  { language: 'French', abbreviation: 'fr' },
  { language: 'German', abbreviation: 'de' },
  { language: 'Italian', abbreviation: 'it' },
  { language: 'Dutch', abbreviation: 'nl' },
  { language: 'Swedish', abbreviation: 'sv' },
  { language: 'Polish', abbreviation: 'pl' },
  { language: 'Turkish', abbreviation: 'tr' },
  { language: 'Japanese', abbreviation: 'ja' },
  { language: 'Korean', abbreviation: 'ko' },
  { language: 'Indonesian', abbreviation: 'id' },
  { language: 'Hindi', abbreviation: 'hi' },
  { language: 'Arabic', abbreviation: 'ar' },
  { language: 'Russian', abbreviation: 'ru' },
  { language: 'Ukrainian', abbreviation: 'uk' },
  { language: 'Chinese', abbreviation: 'zh' },
  { language: 'Thai', abbreviation: 'th' },
  { language: 'Vietnamese', abbreviation: 'vi' },
  { language: 'Greek', abbreviation: 'el' },
  { language: 'Czech', abbreviation: 'cs' },
  { language: 'Romanian', abbreviation: 'ro' },
  { language: 'Hungarian', abbreviation: 'hu' },
  { language: 'Danish', abbreviation: 'da' },
  { language: 'Finnish', abbreviation: 'fi' },
  { language: 'Norwegian', abbreviation: 'no' },
  { language: 'Hebrew', abbreviation: 'he' },
  { language: 'Tagalog', abbreviation: 'tl' },
  { language: 'Malay', abbreviation: 'ms' },
];

export const LANGUAGE_NAME: ReadonlyMap<string, string> = new Map(
  LANGUAGES.map((entry) => [entry.abbreviation, entry.language]),
);

/** Countries first, then cities ("City, Country"): the locations dictionary serves plain strings (api-ref#dictionaries). */
export const LOCATION_NAMES: readonly string[] = [
  ...COUNTRIES.map((country) => country.name),
  ...COUNTRIES.flatMap((country) => country.cities.map((city) => `${city}, ${country.name}`)),
];
