/** @jsxRuntime automatic @jsxImportSource react */
import type { DistrictPortal } from '../api';
import { Notices } from '../pages/DistrictHome';
import type { PageProps } from '../router';
import { ResidentNav } from './ResidentNav';

/** `/t/:slug/notices`: the district's published notices and 公示, rendered on the server. */
export default function NoticesPage({ data }: PageProps<DistrictPortal>) {
  return (
    <div className="p-page" data-testid="notices-page">
      <ResidentNav slug={data.slug} current="notices" modules={data.modules} />
      <Notices district={data} headingLevel={1} />
    </div>
  );
}
