import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router';
import type { Me } from '../../../api/types';
import { Unavailable } from '../../../components/Controls';
import { Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import communityZh from '../../../i18n/community.zh-CN';
import { moduleLabel } from '../../../i18n/labels';
import { WorkspaceNotFound } from '../NotFound';
import { communityCaps } from './caps';
import { BASE as base } from './common';

registerStrings('community', communityZh);

const TasksPage = lazy(() => import('./TasksPage'));
const TaskDetailPage = lazy(() => import('./TaskDetailPage'));
const ReportsPage = lazy(() => import('./ReportsPage'));
const CycleDetailPage = lazy(() => import('./CycleDetailPage'));
const ReportPage = lazy(() => import('./ReportPage'));

/** 街道任务与报表 (`/workspace/m/street-tasks-reports/*`): tasks handed down, report cycles. */
export default function CommunityArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  if (!me.modules.includes('street-tasks-reports'))
    return <Unavailable status="404" text={t('workspace.moduleDisabled')} />;
  if (!communityCaps(me).read) return <Unavailable status="403" text={t('workspace.noAccess')} />;
  const tab = pathname.startsWith(`${base}/cycles`) || pathname === `${base}/reports` ? 'reports' : 'tasks';
  return (
    <div>
      <h2>{moduleLabel(t, 'street-tasks-reports')}</h2>
      <nav className="tab-list" aria-label={moduleLabel(t, 'street-tasks-reports')}>
        <Link className="tab" to={base} aria-current={tab === 'tasks' ? 'page' : undefined}>
          {t('community:tabs.tasks')}
        </Link>
        <Link className="tab" to={`${base}/reports`} aria-current={tab === 'reports' ? 'page' : undefined}>
          {t('community:tabs.reports')}
        </Link>
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<TasksPage me={me} />} />
          <Route path="tasks/:id" element={<TaskDetailPage me={me} />} />
          <Route path="reports" element={<ReportsPage me={me} />} />
          <Route path="cycles/:id" element={<CycleDetailPage me={me} />} />
          <Route path="cycles/:id/:community" element={<ReportPage me={me} />} />
          <Route path="*" element={<WorkspaceNotFound />} />
        </Routes>
      </Suspense>
    </div>
  );
}
