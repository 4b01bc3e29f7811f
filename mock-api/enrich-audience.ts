import type { MockCreator } from './creators.ts';
import { blockRandom } from './enrich-common.ts';
import { COUNTRIES, LANGUAGE_NAME, NICHE_BY_NAME, NICHES } from './vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Audience (api-ref#enrich-full / api-ref#full-enrichment-blocks): IG, TT, YT only

export function audienceBlock(creator: MockCreator) {
  if (creator.sparse) {
    return {
      audience_followers: { success: false, error: 'empty_audience' },
      audience_commenters: { success: false, error: 'empty_audience' },
      audience_likers: { success: false, error: 'empty_audience' },
    };
  }
  const rng = blockRandom(creator, 'audience');
  const female = creator.gender === 'female' ? rng.float(0.55, 0.8, 4) : rng.float(0.2, 0.45, 4);
  const home = COUNTRIES.find((country) => country.name === creator.location) ?? COUNTRIES[0]!;
  const homeWeight = rng.float(0.35, 0.7, 4);
  const languageName = LANGUAGE_NAME.get(creator.language ?? 'en') ?? 'English';
  const niche = NICHE_BY_NAME.get(creator.niche) ?? NICHES[0]!;
  const credibility = rng.float(0.6, 0.95, 4);
  return {
    audience_followers: {
      success: true,
      is_hidden: false,
      data: {
        audience_credibility: credibility,
        credibility_class: credibility > 0.85 ? 'good' : credibility > 0.7 ? 'normal' : 'bad',
        notable_users_ratio: rng.float(0.01, 0.08, 4),
        audience_genders: [
          { code: 'FEMALE', weight: female },
          { code: 'MALE', weight: Math.round((1 - female) * 10_000) / 10_000 },
        ],
        audience_ages: [
          { code: '13-17', weight: 0.06 },
          { code: '18-24', weight: 0.31 },
          { code: '25-34', weight: 0.39 },
          { code: '35-44', weight: 0.16 },
          { code: '45-64', weight: 0.07 },
          { code: '65-', weight: 0.01 },
        ],
        audience_genders_per_age: [{ code: '25-34', male: 0.15, female: 0.24 }],
        audience_geo: {
          countries: [
            { id: 100_000 + COUNTRIES.indexOf(home), name: home.name, code: home.code, weight: homeWeight },
            {
              id: 100_000,
              name: 'United States',
              code: 'US',
              weight: Math.round((1 - homeWeight) * 5000) / 10_000,
            },
          ],
          states: [],
          subdivisions: [],
          cities: home.cities
            .slice(0, 1)
            .map((city, i) => ({ id: 200_000 + i, name: city, country: home.code, weight: 0.12 })),
        },
        audience_languages: [
          { code: creator.language ?? 'en', name: languageName, weight: rng.float(0.5, 0.9, 4) },
        ],
        audience_ethnicities: [{ code: 'mixed', name: 'Mixed', weight: 1 }],
        audience_interests: niche.words.slice(0, 3).map((word, i) => ({
          id: 1700 + i,
          name: word[0]!.toUpperCase() + word.slice(1),
          weight: rng.float(0.1, 0.4, 4),
          affinity: rng.float(1, 3, 2),
        })),
        audience_brand_affinity: [
          {
            id: 956,
            name: 'Northwind Athletics',
            interest: [{ id: 1, name: 'Clothes' }],
            weight: 0.11,
            affinity: 2.4,
          },
        ],
        audience_types: [
          { code: 'real', weight: 0.7 },
          { code: 'suspicious', weight: 0.12 },
          { code: 'influencers', weight: 0.03 },
          { code: 'mass_followers', weight: 0.15 },
        ],
        audience_reachability: [
          { code: '-500', weight: 0.66 },
          { code: '500-1000', weight: 0.14 },
          { code: '1000-1500', weight: 0.06 },
          { code: '1500-', weight: 0.14 },
        ],
        audience_lookalikes: [],
        notable_users: [],
      },
    },
    audience_commenters: { success: false, error: 'empty_audience' },
    audience_likers: { success: true, data: { audience_credibility: Math.min(0.99, credibility + 0.05) } },
    audience_credibility_followers_histogram: [{ max: 0.54, total: Math.round(creator.followers * 0.07) }],
    audience_credibility_likers_histogram: [{ max: 0.81, total: Math.round(creator.followers * 0.06) }],
  };
}
