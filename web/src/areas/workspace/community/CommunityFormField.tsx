import { Form, Input } from 'antd';
import { useState } from 'react';
import { useCommunities, useStreets } from '../../../api/client';
import type { Me } from '../../../api/types';
import { NativeSelect } from '../../../components/Controls';

// A file of its own, not common.tsx: the street-tasks area imports common.tsx and has no form
// that needs the street → community picker.
/**
 * A form's `communityCode` field as community work asks for it: hidden and fixed to a community
 * worker's own community; otherwise a choice of community (of the street picked first, for the
 * district). Labels are the page's own, already translated.
 */
export function CommunityFormField({
  me,
  id,
  labels,
}: {
  me: Me;
  /** The street select's id (its label points at it). */
  id: string;
  labels: { street: string; community: string; required: string };
}) {
  const own = me.scope.communityCode;
  const streets = useStreets(!own && !me.scope.streetCode);
  const [street, setStreet] = useState<string | undefined>(me.scope.streetCode);
  const communities = useCommunities(own ? '' : (street ?? ''));
  if (own)
    return (
      <Form.Item name="communityCode" hidden>
        <Input />
      </Form.Item>
    );
  return (
    <>
      {!me.scope.streetCode ? (
        <Form.Item label={labels.street} htmlFor={id}>
          <NativeSelect
            id={id}
            value={street}
            onChange={(s) => setStreet(s)}
            options={(streets.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="communityCode"
        label={labels.community}
        rules={[{ required: true, message: labels.required }]}
      >
        <NativeSelect
          style={{ maxWidth: 320 }}
          options={(communities.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
        />
      </Form.Item>
    </>
  );
}
