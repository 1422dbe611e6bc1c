/**
 * Consultations and votes (议事协商): open only to the residents of one community, or of one
 * building or grid for a building matter; one vote per resident, online or recorded on paper by
 * the worker (a paper vote is the resident's vote: they cannot also vote online); anonymous or named
 * as set; a quorum (the share of eligible residents who must take part); the result published as a
 * community notice.
 *
 * A vote is one transaction: the resident's vote item `CONSV#<id>` / `V#<residentId>`, put only if
 * absent (so 50 concurrent attempts by one resident leave exactly one), and the tally on the
 * consultation item, conditional on it being open. An anonymous vote's item records that the
 * resident voted and how (online/paper), never what they chose.
 *
 * Keys: consultations `CONS` sk `C#<id>`; votes `CONSV#<id>` sk `V#<residentId>`.
 */
import { LinliError, newId } from '@linli/core';
import { type Actor, auditPut, frag, nameOf, popKeys, transactRetry } from '@linli/population';
import { publishNotice } from '@linli/services';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import { CommunityErrors } from './errors.ts';
import { commit, getStripped, strip } from './items.ts';
import { comKeys } from './keys.ts';

export type ConsultationScope =
  | { readonly kind: 'community' }
  | { readonly kind: 'building'; readonly building: string }
  | { readonly kind: 'grid'; readonly grid: string; readonly buildings: readonly string[] };

export interface ConsultationResult {
  readonly votes: number;
  readonly eligible: number;
  readonly turnoutPercent: number;
  readonly quorumReached: boolean;
  /** The option with most votes; absent on a tie or when the quorum was not reached. */
  readonly winner?: string;
  readonly tie: boolean;
}

export interface Consultation {
  readonly id: string;
  readonly communityCode: string;
  readonly scope: ConsultationScope;
  readonly title: string;
  readonly description: string;
  readonly options: readonly { readonly id: string; readonly label: string }[];
  readonly anonymous: boolean;
  /** Share of the eligible residents who must vote for the result to stand (1–100). */
  readonly quorumPercent: number;
  /** Active residents in scope when it opened. */
  readonly eligible: number;
  readonly closesAt: string;
  readonly status: 'open' | 'closed';
  readonly tally: Readonly<Record<string, number>>;
  readonly votes: number;
  readonly paperVotes: number;
  readonly result?: ConsultationResult;
  readonly noticeId?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly closedAt?: string;
  readonly version: number;
}

export interface ConsultationInput {
  readonly communityCode: string;
  readonly title: string;
  readonly description: string;
  readonly options: readonly string[];
  readonly anonymous: boolean;
  readonly quorumPercent: number;
  readonly closesAt: string;
  readonly building?: string | undefined;
  readonly grid?: string | undefined;
}

/** What a vote needs to know of the resident (from their record). */
export interface Voter {
  readonly residentId: string;
  readonly communityCode: string;
  readonly building?: string | undefined;
  readonly status: string;
}

/** Active residents of the community (or of its buildings), counted from the listing index. */
const countEligible = async (store: TenantStore, community: string, buildings?: readonly string[]) => {
  const pk = popKeys(store).byCommunity(community, 'active');
  if (!buildings) return (await store.queryAll({ index: 'gsi1', pk })).length;
  let n = 0;
  for (const b of buildings)
    n += (await store.queryAll({ index: 'gsi1', pk, skPrefix: `${frag(b)}#` })).length;
  return n;
};

/** Open a consultation (community already authorized and known by the caller). */
export const openConsultation = async (
  store: TenantStore,
  input: ConsultationInput,
  actor: Actor,
  now = new Date(),
): Promise<Consultation> => {
  let scope: ConsultationScope = { kind: 'community' };
  if (input.building) scope = { kind: 'building', building: input.building };
  else if (input.grid) {
    const g = await store.get<{ buildings?: string[] }>(
      popKeys(store).grids(input.communityCode),
      `G#${input.grid}`,
      true,
    );
    if (!g)
      throw new LinliError('CONSULTATION_GRID_UNKNOWN', 400, {
        zh: '本社区没有该网格',
        en: 'No such grid in the community',
      });
    scope = { kind: 'grid', grid: input.grid, buildings: [...(g.buildings ?? [])] };
  }
  if (Date.parse(input.closesAt) <= now.getTime())
    throw new LinliError('CONSULTATION_CLOSES_PAST', 400, {
      zh: '截止时间须晚于现在',
      en: 'The closing time must be in the future',
    });
  const eligible = await countEligible(
    store,
    input.communityCode,
    scope.kind === 'building' ? [scope.building] : scope.kind === 'grid' ? scope.buildings : undefined,
  );
  const options = input.options.map((label, i) => ({ id: `o${i + 1}`, label }));
  const c: Consultation = {
    id: newId(),
    communityCode: input.communityCode,
    scope,
    title: input.title,
    description: input.description,
    options,
    anonymous: input.anonymous,
    quorumPercent: input.quorumPercent,
    eligible,
    closesAt: new Date(input.closesAt).toISOString(),
    status: 'open',
    tally: Object.fromEntries(options.map((o) => [o.id, 0])),
    votes: 0,
    paperVotes: 0,
    createdAt: now.toISOString(),
    createdBy: nameOf(actor),
    version: 1,
  };
  const k = comKeys(store);
  await commit(
    store,
    [
      {
        put: { pk: k.consultations(), sk: `C#${c.id}`, type: 'consultation', ...c },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(store, actor, 'consultations.open', `consultation:${c.id}`, {
        detail: { community: c.communityCode, scope: scope.kind, eligible },
      }),
    ],
    CommunityErrors.consultationChanged,
    30,
  );
  return c;
};

export const listConsultations = async (store: TenantStore): Promise<Consultation[]> =>
  (
    await store.query<Record<string, unknown>>({
      pk: comKeys(store).consultations(),
      forward: false,
      limit: 200,
    })
  ).items.map((i) => strip<Consultation>(i));

export const getConsultation = (store: TenantStore, id: string): Promise<Consultation> =>
  getStripped<Consultation>(
    store,
    { pk: comKeys(store).consultations(), sk: `C#${id}` },
    CommunityErrors.consultationNotFound,
  );

/** Whether the consultation is open for votes at `now`. */
export const isOpen = (c: Pick<Consultation, 'status' | 'closesAt'>, now: Date) =>
  c.status === 'open' && Date.parse(c.closesAt) > now.getTime();

/** Whether a resident may vote in it (community, building or grid; an active record). */
export const eligibleFor = (c: Pick<Consultation, 'communityCode' | 'scope'>, v: Voter): boolean => {
  if (v.status !== 'active' || v.communityCode !== c.communityCode) return false;
  if (c.scope.kind === 'building') return v.building === c.scope.building;
  if (c.scope.kind === 'grid') return !!v.building && c.scope.buildings.includes(v.building);
  return true;
};

/** The resident's vote item, if any (whether they voted, and how: online or paper). */
export const voteOf = async (store: TenantStore, id: string, residentId: string) =>
  store.get<{ channel: 'online' | 'paper'; at: string; option?: string }>(
    comKeys(store).votes(id),
    `V#${residentId}`,
    true,
  );

/**
 * Cast one vote: online by the resident, or on paper recorded by the worker. Exactly one per
 * resident, whatever the channel and however many attempts run at once.
 */
export const castVote = async (
  store: TenantStore,
  c: Consultation,
  voter: Voter,
  option: string,
  channel: 'online' | 'paper',
  actor: Actor,
  now = new Date(),
): Promise<void> => {
  if (!isOpen(c, now)) throw CommunityErrors.consultationClosed();
  if (!eligibleFor(c, voter)) throw CommunityErrors.notEligible();
  if (!c.options.some((o) => o.id === option)) throw CommunityErrors.optionUnknown();
  const k = comKeys(store);
  const at = now.toISOString();
  const ops: TransactOp[] = [
    {
      put: {
        pk: k.votes(c.id),
        sk: `V#${voter.residentId}`,
        type: 'vote',
        channel,
        at,
        ...(c.anonymous ? {} : { option, residentId: voter.residentId }),
        ...(channel === 'paper' ? { recordedBy: nameOf(actor) } : {}),
      },
      condition: 'attribute_not_exists(pk)',
    },
    {
      update: { pk: k.consultations(), sk: `C#${c.id}` },
      expression: `SET votes = votes + :one, tally.#o = tally.#o + :one${channel === 'paper' ? ', paperVotes = paperVotes + :one' : ''}`,
      condition: '#st = :open AND closesAt > :now',
      names: { '#o': option, '#st': 'status' },
      values: { ':one': 1, ':open': 'open', ':now': at },
    },
    // The audit entry names the consultation, never the choice of an anonymous vote.
    auditPut(
      store,
      actor,
      channel === 'paper' ? 'consultations.paper-vote' : 'consultations.vote',
      `consultation:${c.id}`,
      {
        detail: c.anonymous ? { channel } : { channel, option, resident: voter.residentId },
      },
    ),
  ];
  try {
    await transactRetry(store, ops, 30);
  } catch (e) {
    if (e instanceof LinliError && e.code === 'CONFLICT') {
      // Which condition failed: the vote already there, or the consultation no longer open.
      if (await voteOf(store, c.id, voter.residentId)) throw CommunityErrors.alreadyVoted();
      throw CommunityErrors.consultationClosed();
    }
    throw e;
  }
};

/** The result: turnout against the quorum, the leading option (none on a tie or without quorum). */
export const resultOf = (
  c: Pick<Consultation, 'votes' | 'eligible' | 'quorumPercent' | 'tally'>,
): ConsultationResult => {
  const turnout = c.eligible ? Math.round((c.votes / c.eligible) * 1000) / 10 : 0;
  const quorumReached = c.eligible > 0 && c.votes * 100 >= c.eligible * c.quorumPercent;
  const sorted = Object.entries(c.tally).sort((a, b) => b[1] - a[1]);
  const tie = sorted.length > 1 && sorted[0]![1] === sorted[1]![1];
  return {
    votes: c.votes,
    eligible: c.eligible,
    turnoutPercent: turnout,
    quorumReached,
    tie,
    ...(quorumReached && !tie && sorted[0] ? { winner: sorted[0][0] } : {}),
  };
};

/** The notice that publishes a closed consultation's result to its community. */
export const resultNoticeText = (c: Consultation, r: ConsultationResult) => {
  const lines = c.options.map((o) => `${o.label}：${c.tally[o.id] ?? 0} 票`);
  const scope =
    c.scope.kind === 'building'
      ? `${c.scope.building}号楼居民`
      : c.scope.kind === 'grid'
        ? `${c.scope.grid}网格居民`
        : '本社区居民';
  const outcome = !r.quorumReached
    ? `参与投票 ${r.votes} 人，占应参与 ${r.eligible} 人的 ${r.turnoutPercent}%，未达到 ${c.quorumPercent}% 的参与比例，本次表决不成立。`
    : r.tie
      ? `参与投票 ${r.votes} 人（${r.turnoutPercent}%），达到参与比例；得票相同，将另行协商。`
      : `参与投票 ${r.votes} 人（${r.turnoutPercent}%），达到参与比例；表决结果为“${c.options.find((o) => o.id === r.winner)?.label}”。`;
  return {
    title: `议事协商结果公示：${c.title}`.slice(0, 100),
    body: `${scope}就“${c.title}”进行了议事协商（${c.anonymous ? '不记名' : '记名'}投票，其中纸质投票 ${c.paperVotes} 票）。\n${lines.join('\n')}\n${outcome}`.slice(
      0,
      5000,
    ),
  };
};

/** Close the consultation, fix its result and publish it as a community notice. */
export const closeConsultation = async (
  store: TenantStore,
  c: Consultation,
  actor: Actor,
  opts: { version: number; now?: Date },
): Promise<Consultation> => {
  const now = opts.now ?? new Date();
  if (c.status !== 'open') throw CommunityErrors.consultationClosed();
  if (c.version !== opts.version) throw CommunityErrors.consultationChanged();
  const at = now.toISOString();
  const k = comKeys(store);
  // Closed first: from then on no vote can land, so the tally read next is final.
  await commit(
    store,
    [
      {
        update: { pk: k.consultations(), sk: `C#${c.id}` },
        expression: 'SET #st = :closed, closedAt = :at, version = :nv',
        condition: '#st = :open AND version = :v',
        names: { '#st': 'status' },
        values: {
          ':closed': 'closed',
          ':open': 'open',
          ':at': at,
          ':nv': opts.version + 1,
          ':v': opts.version,
        },
      },
      auditPut(store, actor, 'consultations.close', `consultation:${c.id}`),
    ],
    CommunityErrors.consultationChanged,
    30,
  );
  const fresh = await getConsultation(store, c.id);
  const result = resultOf(fresh);
  const notice = await publishNotice(
    store,
    { ...resultNoticeText(fresh, result), scope: { kind: 'community', communityCode: c.communityCode } },
    actor,
    now,
  );
  await store.update(k.consultations(), `C#${c.id}`, {
    UpdateExpression: 'SET #r = :r, noticeId = :n',
    ExpressionAttributeNames: { '#r': 'result' },
    ExpressionAttributeValues: { ':r': result, ':n': notice.id },
  });
  return { ...fresh, result, noticeId: notice.id };
};
