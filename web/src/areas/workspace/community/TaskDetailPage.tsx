import { Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type TaskAssignment, type TaskMove, useMoveTask, useTask } from '../../../api/community';
import type { Me } from '../../../api/types';
import { Panel } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { useDivisionNames } from '../../../components/DivisionName';
import { Button } from '../../../components/plain';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { communityCaps } from './caps';
import { BASE, StatusTag } from './common';

function Actions({ me, a }: { me: Me; a: TaskAssignment }) {
  const { t } = useTranslation();
  const caps = communityCaps(me);
  const move = useMoveTask();
  const errorText = useErrorMessage();
  const [text, setText] = useState('');
  const mine = caps.write && (!caps.community || caps.community === a.communityCode);
  const go = (action: TaskMove) =>
    move.mutate(
      { id: a.taskId, community: a.communityCode, action, version: a.version, ...(text ? { text } : {}) },
      // Accepting keeps what the worker has typed meanwhile; a report or a return used it.
      { onSuccess: () => (action === 'accept' ? undefined : setText('')) },
    );
  const canReport = mine && ['assigned', 'accepted', 'returned'].includes(a.status);
  const canReview = caps.assign && a.status === 'reported';
  if (!canReport && !canReview && !(mine && a.status === 'assigned')) return null;
  const label = canReview ? t('community:tasks.returnReason') : t('community:tasks.feedback');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        aria-label={label}
        placeholder={canReview ? label : t('community:tasks.feedbackPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={2}
        maxLength={2000}
      />
      <Space wrap>
        {mine && a.status === 'assigned' ? (
          <Button onClick={() => go('accept')} loading={move.isPending}>
            {t('community:tasks.accept')}
          </Button>
        ) : null}
        {canReport ? (
          <Button
            variant="primary"
            onClick={() => go('report')}
            disabled={!text.trim()}
            loading={move.isPending}
          >
            {t('community:tasks.report')}
          </Button>
        ) : null}
        {canReview ? (
          <>
            <Button variant="primary" onClick={() => go('done')} loading={move.isPending}>
              {t('community:tasks.done')}
            </Button>
            <Button
              className="ui-btn-danger"
              onClick={() => go('return')}
              disabled={!text.trim()}
              loading={move.isPending}
            >
              {t('community:tasks.return')}
            </Button>
          </>
        ) : null}
      </Space>
      {move.isError ? (
        <span className="text-danger" role="alert">
          {errorText(move.error)}
        </span>
      ) : null}
    </Space>
  );
}

/** One task: what it asks, each community's state, and the caller's next step. */
export default function TaskDetailPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useTask(id);
  const nameOf = useDivisionNames(q.data?.assignments.map((a) => a.communityCode) ?? []);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { task, assignments } = q.data;
  const issuer =
    task.issuer.level === 'district'
      ? t('community:tasks.district')
      : `${t(`community:tasks.${task.issuer.level}`)} ${'unit' in task.issuer ? (nameOf(task.issuer.unit) ?? task.issuer.unit) : ''}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={BASE}>{t('community:tasks.back')}</Link>
      <Panel title={<h2 className="card-title">{task.title}</h2>}>
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t('community:tasks.description')}</th>
              <td>{task.description}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:tasks.feedbackRequired')}</th>
              <td>{task.feedbackRequired}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:tasks.deadline')}</th>
              <td>{task.deadline}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:tasks.issuer')}</th>
              <td>{issuer}</td>
            </tr>
          </tbody>
        </table>
      </Panel>
      <Panel title={<h2 className="card-title">{t('community:tasks.progress')}</h2>}>
        <DataTable<TaskAssignment>
          rowKey={(r) => r.communityCode}
          rows={assignments}
          label={t('community:tasks.progress')}
          columns={fieldColumns<TaskAssignment>([
            {
              title: t('community:tasks.community'),
              render: (_, a) => nameOf(a.communityCode) ?? a.communityCode,
            },
            {
              title: t('community:tasks.status'),
              render: (_, a) => (
                <Space size={4}>
                  <StatusTag status={a.status} />
                  {a.overdue ? <Tag color="red">{t('community:tasks.overdue')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('community:tasks.feedback'),
              render: (_, a) => (
                <Space direction="vertical" size={2}>
                  {a.feedback ? <span>{a.feedback}</span> : null}
                  {a.returnReason && a.status === 'returned' ? (
                    <span className="text-danger" role="alert">
                      {t('community:tasks.returnReason')}：{a.returnReason}
                    </span>
                  ) : null}
                </Space>
              ),
            },
            { title: '', render: (_, a) => <Actions me={me} a={a} />, width: 320 },
          ])}
        />
      </Panel>
    </Space>
  );
}
