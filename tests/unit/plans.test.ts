// The pure parts of plans: the three-way merge of REL-LOCK, the VNG and owner rules, the pyramid suggestions,
// the labels and the form encoding of the plan page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { same, threeWayMerge, type Fields } from '../../src/features/plans/merge.ts';
import { ActionInput, GoalInput, ownerIssue, vngIssue } from '../../src/features/plans/inputs.ts';
import { suggestionsFor, type PlanMember } from '../../src/features/plans/plans.ts';
import { DEFAULT_DOMAINS, DEFAULT_PYRAMID, type PlanConfig } from '../../src/features/plans/config.ts';
import type { PlanDocument, PlanGoal } from '../../src/features/plans/document.ts';
import { translator } from '../../src/platform/i18n/index.ts';
import { actionWho, encodeField, scoreLabel, trendText, vngLabel } from '../../src/web/pages/plans.ts';
import { AppError } from '../../src/platform/errors.ts';
import { parseInput } from '../../src/platform/validation.ts';

test('same(): values compare as a form sends them', () => {
  assert.ok(same(null, ''));
  assert.ok(same(undefined, null));
  assert.ok(same(3, '3'));
  assert.ok(same(true, '1'));
  assert.ok(same(false, ''));
  assert.ok(!same(false, '1'));
  assert.ok(!same('a', 'b'));
});

test('threeWayMerge: a field only one side changed is merged, the same field changed alike is fine, differently is a conflict', () => {
  const base: Fields = { text: 'Ik fiets.', status: 'open', targetDate: '', shared: '' };
  const theirs: Fields = { text: 'Ik fiets naar mijn werk.', status: 'open', targetDate: null, shared: false };
  // I changed the status only: their text stays, my status is added.
  assert.deepEqual(threeWayMerge(base, { text: 'Ik fiets.', status: 'in_progress' }, theirs), {
    merged: { text: 'Ik fiets naar mijn werk.', status: 'in_progress', targetDate: null, shared: false }, conflicts: [],
  });
  // Both changed the text differently: a conflict; the rest still merges.
  const clash = threeWayMerge(base, { text: 'Ik fiets elke dag.', targetDate: '2030-01-01' }, theirs);
  assert.deepEqual(clash.conflicts, ['text']);
  assert.equal(clash.merged.targetDate, '2030-01-01');
  assert.equal(clash.merged.text, 'Ik fiets naar mijn werk.', 'the conflicting field keeps theirs until chosen');
  // Both made the same change: no conflict.
  assert.deepEqual(threeWayMerge(base, { text: 'Ik fiets naar mijn werk.' }, theirs).conflicts, []);
  // A field the writer did not send is never touched.
  assert.deepEqual(threeWayMerge(base, {}, theirs).merged, theirs);
  // Nothing changed on their side: mine wins everywhere.
  assert.deepEqual(threeWayMerge(base, { status: 'reached', shared: true }, { ...base }).merged, { ...base, status: 'reached', shared: true });
});

test('the VNG tag: a kind needs a value from its list; an ontwikkelwens is free text', () => {
  assert.equal(vngIssue(null, null), null);
  assert.deepEqual(vngIssue(null, 'taal'), { path: 'vngKind', message: 'validation.required' });
  assert.deepEqual(vngIssue('hoofddoel', null), { path: 'vngValue', message: 'validation.required' });
  assert.deepEqual(vngIssue('hoofddoel', 'taal'), { path: 'vngValue', message: 'validation.invalid_choice' });
  assert.equal(vngIssue('aandachtspunt', 'taal'), null);
  assert.equal(vngIssue('ontwikkelwens', 'Ik wil leren autorijden'), null);
  assert.throws(() => parseInput(GoalInput, { domainKey: 'wonen', text: 'Ik x', vngKind: 'hoofddoel', vngValue: 'verslaving' }), (e: AppError) => e.fields[0]!.field === 'vngValue');
  assert.throws(() => parseInput(GoalInput, { domainKey: 'wonen', text: '   ' }), (e: AppError) => e.fields[0]!.message === 'validation.required');
  const parsed = parseInput(GoalInput, { domainKey: 'wonen', text: ' Ik richt mijn huis in. ', targetDate: '', vngKind: '' });
  assert.deepEqual({ text: parsed.text, targetDate: parsed.targetDate, vngKind: parsed.vngKind }, { text: 'Ik richt mijn huis in.', targetDate: null, vngKind: null });
});

test('an action\'s owner: a member needs the person, a partner organisation its name', () => {
  assert.deepEqual(ownerIssue({ owner: 'member', ownerMemberId: null }), { path: 'ownerMemberId', message: 'validation.required' });
  assert.deepEqual(ownerIssue({ owner: 'partner', ownerPartner: '' }), { path: 'ownerPartner', message: 'validation.required' });
  assert.equal(ownerIssue({ owner: 'formulierenteam' }), null);
  assert.throws(() => parseInput(ActionInput, { description: 'Bellen', owner: 'partner', ownerPartner: ' ' }), (e: AppError) => e.fields[0]!.field === 'ownerPartner');
  assert.equal(parseInput(ActionInput, { description: 'Bellen', owner: 'coach', dueOn: '' }).dueOn, null);
});

const config: PlanConfig = { domains: DEFAULT_DOMAINS.map((d) => ({ ...d })), offers: DEFAULT_PYRAMID.map((o) => ({ ...o })), scoreLabels: null, approvalRequired: true, popWithinWeeks: 4 };
const member = (id: string, layer: PlanMember['layer'], adult = true): PlanMember => ({ id, firstName: id, name: `${id} X`, familyName: 'X', relation: 'head', layer, adult });
const doc = (memberId: string | null, goals: Partial<PlanGoal>[] = [], proposals: PlanDocument['proposals'] = []) =>
  ({ memberId, goals: goals as PlanGoal[], proposals }) as unknown as PlanDocument;

test('pyramid suggestions: the POP\'s layer, or the layers of the household\'s adults; taken offers are marked', () => {
  const members = [member('amina', 'laag1'), member('omar', 'basis'), member('sara', 'laag3', false)];
  const pop = suggestionsFor(doc('amina', [{ offerKey: 'solliciteren' }], [{ id: 'p', offerKey: 'zelfportret', label: null, status: 'proposed' }]), members, config);
  assert.deepEqual(pop.map((s) => s.layer), ['laag1']);
  const offers = pop[0]!.offers;
  assert.equal(offers.find((o) => o.key === 'solliciteren')!.taken, true);
  assert.equal(offers.find((o) => o.key === 'diploma_waardering')!.taken, false);
  assert.equal(offers.find((o) => o.key === 'zelfportret')!.taken, true, 'the group programme was proposed');
  const household = suggestionsFor(doc(null), members, config);
  assert.deepEqual(household.map((s) => [s.layer, s.members.map((m) => m.id)]), [['basis', ['omar']], ['laag1', ['amina']]], 'adults only: not the child\'s layer');
  const withdrawn = suggestionsFor(doc('omar', [], [{ id: 'p', offerKey: 'zelfportret', label: null, status: 'withdrawn' }]), members, config);
  assert.equal(withdrawn[0]!.offers.find((o) => o.key === 'zelfportret')!.taken, false, 'a withdrawn proposal can be made again');
});

test('labels: own score labels or the defaults, trend in words, who does an action, the VNG tag', () => {
  const t = translator('nl');
  assert.equal(scoreLabel(t, config, 1), 'Acute problemen');
  assert.equal(scoreLabel(t, { scoreLabels: ['a', 'b', 'c', 'd', 'e'] }, 2), 'b');
  assert.equal(trendText(t, [{ score: 2, scoredOn: '2026-01-01', evaluationId: null }, { score: 4, scoredOn: '2026-04-01', evaluationId: 'e' }]), 'beter dan de vorige keer');
  assert.equal(trendText(t, [{ score: 2, scoredOn: '2026-01-01', evaluationId: null }]), null);
  assert.equal(actionWho(t, { owner: 'member', ownerMemberName: 'Sara', ownerPartner: null }), 'Sara');
  assert.equal(actionWho(t, { owner: 'partner', ownerMemberName: null, ownerPartner: 'Vluchtelingenwerk' }), 'Vluchtelingenwerk');
  assert.equal(actionWho(t, { owner: 'formulierenteam', ownerMemberName: null, ownerPartner: null }), 'Formulierenteam');
  assert.equal(actionWho(t, { owner: 'newcomer', ownerMemberName: null, ownerPartner: null }, 'Amina'), 'Amina', 'on a POP: the person, not "Ikzelf"');
  assert.equal(actionWho(t, { owner: 'newcomer', ownerMemberName: null, ownerPartner: null }), 'Ikzelf');
  assert.equal(vngLabel(t, { vngKind: 'hoofddoel', vngValue: 'betaald_werken' }), 'Hoofddoel: Betaald werken');
  assert.equal(vngLabel(t, { vngKind: 'ontwikkelwens', vngValue: 'Ik wil kok worden' }), 'Ontwikkelwens: Ik wil kok worden');
  assert.equal(vngLabel(t, { vngKind: null, vngValue: null }), null);
  assert.equal(translator('ar')('plans.trend.up'), 'أفضل من المرة السابقة');
});

test('encodeField: what a form sends back as the base of a later merge', () => {
  assert.equal(encodeField(null), '');
  assert.equal(encodeField(true), '1');
  assert.equal(encodeField(false), '');
  assert.equal(encodeField(3), '3');
  assert.ok(same(encodeField(true), true) && same(encodeField(null), null) && same(encodeField(4), 4));
});
