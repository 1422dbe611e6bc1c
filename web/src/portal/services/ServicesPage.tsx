/** @jsxRuntime automatic @jsxImportSource react */
import type { PageProps } from '../router';
import { Catalogue } from './Catalogue';
import { ResidentNav } from './ResidentNav';

/** `/t/:slug/services[?category=]`: the whole catalogue, searchable, by category. */
export default function ServicesPage({ params, search }: PageProps<undefined>) {
  const slug = params.slug!;
  const query = new URLSearchParams(search);
  const category = query.get('category') ?? '';
  const q = query.get('q') ?? '';
  return (
    <div className="p-page" data-testid="services-page">
      <ResidentNav slug={slug} current="services" />
      <Catalogue key={search} slug={slug} initialCategory={category} initialQ={q} headingLevel={1} />
    </div>
  );
}
