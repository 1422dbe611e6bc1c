import { Alert, Button, Checkbox, Form, Input, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommunities, useStreets } from '../../../api/client';
import { type TaskRow, useCreateTask, useTasks } from '../../../api/community';
import type { Me } from '../../../api/types';
import { NativeSelect, Panel } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { useDivisionNames } from '../../../components/DivisionName';
import { useCreateForm } from '../../../components/useCreateForm';
import { communityCaps } from './caps';
import { BASE, StatusTag } from './common';
import { ListPanel } from './ListPanel';

interface Values {
  title: string;
  description: string;
  deadline: Dayjs;
  feedbackRequired: string;
  communities: string[];
}

function NewTask({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { form, done, saved } = useCreateForm<Values>([
    'title',
    'description',
    'deadline',
    'feedbackRequired',
    'communities',
  ]);
  const caps = communityCaps(me);
  const streets = useStreets(!caps.street);
  const [street, setStreet] = useState<string | undefined>(caps.street);
  const communities = useCommunities(street ?? '');
  const create = useCreateTask();
  return (
    <Panel title={<h2 className="card-title">{t('community:tasks.new')}</h2>}>
      {done ? (
        <Alert type="success" showIcon message={t('community:tasks.created')} className="page-alert" />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          create.mutate(
            {
              title: v.title,
              description: v.description,
              deadline: v.deadline.format('YYYY-MM-DD'),
              feedbackRequired: v.feedbackRequired,
              communities: v.communities,
            },
            saved,
          )
        }
      >
        <Form.Item
          name="title"
          label={t('community:tasks.taskTitle')}
          rules={[{ required: true, whitespace: true, message: t('community:tasks.titleRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('community:tasks.description')}
          rules={[{ required: true, whitespace: true, message: t('community:tasks.descriptionRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="feedbackRequired"
          label={t('community:tasks.feedbackRequired')}
          rules={[
            { required: true, whitespace: true, message: t('community:tasks.feedbackRequiredRequired') },
          ]}
        >
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('community:tasks.deadline')}
          rules={[{ required: true, message: t('community:tasks.deadlineRequired') }]}
        >
          <DayInput />
        </Form.Item>
        {!caps.street ? (
          <Form.Item label={t('community:tasks.street')} htmlFor="task-street">
            <NativeSelect
              id="task-street"
              value={street}
              onChange={(s) => {
                setStreet(s);
                form.setFieldValue('communities', []);
              }}
              options={(streets.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
              style={{ maxWidth: 320 }}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="communities"
          label={t('community:tasks.communities')}
          rules={[{ required: true, message: t('community:tasks.communitiesRequired') }]}
        >
          <Checkbox.Group options={(communities.data ?? []).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('community:tasks.create')}
        </Button>
      </Form>
    </Panel>
  );
}

/** 任务下派: the tasks the caller issued or received, with progress and who is late. */
export default function TasksPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const caps = communityCaps(me);
  const q = useTasks();
  const items = q.data?.items ?? [];
  const nameOf = useDivisionNames(items.flatMap((r) => r.task.communities.slice(0, 3)));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {caps.assign ? <NewTask me={me} /> : null}
      <ListPanel title={t('community:tasks.title')} q={q} empty={t('community:tasks.empty')}>
        {() => (
          <DataTable<TaskRow>
            rowKey={(r) => r.task.id}
            rows={items}
            pageSize={20}
            label={t('community:tasks.title')}
            columns={fieldColumns<TaskRow>([
              {
                title: t('community:tasks.taskTitle'),
                render: (_, r) => <Link to={`${BASE}/tasks/${r.task.id}`}>{r.task.title}</Link>,
              },
              { title: t('community:tasks.deadline'), render: (_, r) => r.task.deadline },
              {
                title: t('community:tasks.status'),
                render: (_, r) =>
                  r.assignment ? (
                    <Space size={4}>
                      <StatusTag status={r.assignment.status} />
                      {r.assignment.overdue ? <Tag color="red">{t('community:tasks.overdue')}</Tag> : null}
                    </Space>
                  ) : (
                    <Space size={4} wrap>
                      <span>
                        {r.counts.done + r.counts.reported}/
                        {r.counts.assigned +
                          r.counts.accepted +
                          r.counts.reported +
                          r.counts.returned +
                          r.counts.done}
                      </span>
                      {r.counts.overdue ? (
                        <Tag color="red">
                          {t('community:tasks.overdueCount', { count: r.counts.overdue })}
                        </Tag>
                      ) : null}
                    </Space>
                  ),
              },
              {
                title: t('community:tasks.communities'),
                render: (_, r) =>
                  r.task.communities
                    .slice(0, 3)
                    .map((c) => nameOf(c) ?? c)
                    .join('、') +
                  (r.task.communities.length > 3 ? ` 等 ${r.task.communities.length} 个` : ''),
              },
            ])}
          />
        )}
      </ListPanel>
    </Space>
  );
}
