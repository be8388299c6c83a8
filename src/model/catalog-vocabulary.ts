// Words for category codes and brand names. 13 departments x 8 kinds x 6 variants = 624 category codes,
// REES46's category count; brand names are built from syllables (30^3 = 27,000 distinct names).

const DEPARTMENTS: Readonly<Record<string, readonly string[]>> = {
  electronics: ['smartphone', 'audio', 'video', 'camera', 'tablet', 'clocks', 'telephone', 'gadgets'],
  appliances: ['kitchen', 'environment', 'iron', 'vacuum', 'washer', 'refrigerator', 'sewing', 'personal'],
  computers: ['notebook', 'desktop', 'peripherals', 'components', 'network', 'storage', 'printer', 'monitor'],
  apparel: ['shoes', 'jacket', 'dress', 'jeans', 'shirt', 'sock', 'costume', 'belt'],
  furniture: ['bedroom', 'living_room', 'kitchen', 'bathroom', 'office', 'universal', 'garden', 'lighting'],
  kids: ['toys', 'carriage', 'swing', 'school', 'skates', 'bottles', 'fmcg', 'dolls'],
  construction: ['tools', 'components', 'plumbing', 'painting', 'welding', 'saw', 'drill', 'generator'],
  auto: ['accessories', 'parts', 'tires', 'oil', 'videoregister', 'alarm', 'compressor', 'player'],
  sport: ['bicycle', 'tennis', 'ski', 'trainer', 'snowboard', 'fishing', 'camping', 'diving'],
  accessories: ['bag', 'wallet', 'umbrella', 'glasses', 'watch', 'jewelry', 'scarf', 'gloves'],
  medicine: ['tools', 'tonometer', 'thermometer', 'vitamins', 'massage', 'care', 'lens', 'diagnostics'],
  country_yard: ['cultivator', 'lawn_mower', 'watering', 'furniture', 'grill', 'pool', 'lighting', 'greenhouse'],
  stationery: ['cartrige', 'paper', 'pen', 'notebook', 'folder', 'stapler', 'marker', 'calculator'],
};

const VARIANTS: readonly string[] = ['', 'pro', 'mini', 'set', 'kit', 'parts'];

/** Category code for a category index in [0, 624): "department.kind" or "department.kind.variant". */
export function categoryCode(index: number): string {
  const departments = Object.keys(DEPARTMENTS);
  const department = departments[index % departments.length] ?? 'electronics';
  const kinds = DEPARTMENTS[department] ?? [];
  const rest = Math.floor(index / departments.length);
  const kind = kinds[rest % kinds.length] ?? 'misc';
  const variant = VARIANTS[Math.floor(rest / kinds.length) % VARIANTS.length] ?? '';
  return variant ? `${department}.${kind}.${variant}` : `${department}.${kind}`;
}

const SYLLABLES: readonly string[] = [
  'ka', 'lo', 'mi', 'sa', 'ter', 'vo', 'ra', 'zen', 'pol', 'dex', 'ni', 'ko', 'bel', 'tor', 'vi',
  'san', 'gu', 'fa', 'rix', 'mon', 'te', 'lu', 'pro', 'ven', 'do', 'hal', 'qi', 'ster', 'ma', 'nor',
];

/** A pronounceable, lower-case brand name, distinct for every index below 27,000. */
export function brandName(index: number): string {
  const n = SYLLABLES.length;
  const first = SYLLABLES[index % n] ?? 'ka';
  const second = SYLLABLES[Math.floor(index / n) % n] ?? 'lo';
  const third = index >= n * n ? (SYLLABLES[Math.floor(index / (n * n)) % n] ?? '') : '';
  return first + second + third;
}
