import { codePalette, type Code } from '../../shared/model/codebook.ts';

/**
 * The demo codebook: implementation-support stages (push → pull → co-creation, after Metz et al.
 * 2022) plus the conditions and mechanisms a team would code alongside them.
 *
 * Ids are readable and fixed: codes live in one project's room, so they only need to be unique
 * there, and the coding plan can name them.
 */
export const DemoCodeId = {
  support: 'support',
  push: 'push',
  pull: 'pull',
  coCreation: 'co-creation',
  conditions: 'conditions',
  barriers: 'barriers',
  facilitators: 'facilitators',
  organisationalContext: 'context-organisational',
  policyContext: 'context-policy',
  mechanisms: 'mechanisms',
  relationships: 'relationships-trust',
  capacity: 'capacity-building',
  evidence: 'evidence-use',
  adaptation: 'adaptation',
  role: 'role-reflection',
} as const;
export type DemoCodeId = (typeof DemoCodeId)[keyof typeof DemoCodeId];

export const DemoDomain = {
  supportModel: 'Support model',
  conditions: 'Conditions',
  mechanisms: 'Mechanisms',
  practitioner: 'Practitioner role',
} as const;

// Every code its own colour from the palette (codes sharing a colour are hard to tell apart in the
// transcript); the stage codes keep the Okabe–Ito colours pathways readers know them by.
const [orange, skyBlue, green, blue, vermillion, reddishPurple, indigo, olive, wine, teal, purple, darkGreen, rose, , , yellow, black] = codePalette;

type CodeContent = Omit<Code, 'createdAt' | 'createdBy'>;

const codes: readonly CodeContent[] = [
  {
    id: DemoCodeId.support,
    name: 'Implementation support',
    shortName: 'IS',
    colour: black,
    parentId: null,
    order: 1,
    definition: 'How support for implementing a practice or programme is organised and delivered. A grouping code: code its stages, not the parent.',
    inclusion: 'Use one of the three stage codes below for any account of how support was given or received.',
    exclusion: 'Do not apply the parent itself to text.',
    examples: [],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.supportModel,
  },
  {
    id: DemoCodeId.push,
    name: 'Push',
    shortName: 'PSH',
    colour: orange,
    parentId: DemoCodeId.support,
    order: 1,
    definition:
      'Support driven from outside or above: mandated trainings, rollout schedules, toolkits and change packages, fidelity monitoring, dashboards that report upwards. The supporter decides what is needed and delivers it.',
    inclusion: 'Didactic training, compulsory participation, standard materials sent out, compliance monitoring, deadlines set by a funder or central office.',
    exclusion: 'Training that practitioners asked for themselves (Pull). Complaints about a mandate without describing the support itself (Barriers).',
    examples: ['We would push the content out and then we\'d monitor.', 'They send us a change package, which is basically a set of slides, a workflow diagram, and a list of measures.'],
    isStage: true,
    stageOrder: 1,
    domain: DemoDomain.supportModel,
  },
  {
    id: DemoCodeId.pull,
    name: 'Pull',
    shortName: 'PUL',
    colour: skyBlue,
    parentId: DemoCodeId.support,
    order: 2,
    definition:
      'Demand-driven support: practitioners or organisations seek help with a problem they have identified, and the supporter responds to that request (consultation lines, office hours, request forms, tailored advice).',
    inclusion: 'The initiative lies with those implementing; the supporter answers a question and steps back.',
    exclusion: 'Joint design with shared decisions and ongoing ownership (Co-creation). Outreach the supporter starts unasked (Push).',
    examples: ['So I started getting emails, can you come do what you did over there?'],
    isStage: true,
    stageOrder: 2,
    domain: DemoDomain.supportModel,
  },
  {
    id: DemoCodeId.coCreation,
    name: 'Co-creation',
    shortName: 'CO',
    colour: green,
    parentId: DemoCodeId.support,
    order: 3,
    definition:
      'Support as joint problem-solving: supporters, practitioners and often service users define the problem and design the solution together, share decisions and ownership, over a sustained relationship.',
    inclusion: 'Co-design meetings, shared work plans, people affected by a change taking part in designing it, ownership described as "ours".',
    exclusion: 'A one-off answer to a request, however responsive (Pull). Relationships described without joint work (Relationships & trust).',
    examples: ['But by the end the coaching model we rolled out was something they had built.'],
    isStage: true,
    stageOrder: 3,
    domain: DemoDomain.supportModel,
  },
  {
    id: DemoCodeId.conditions,
    name: 'Conditions',
    shortName: 'CND',
    colour: wine,
    parentId: null,
    order: 2,
    definition: 'What hinders or helps implementation support, and the settings it happens in. A grouping code.',
    inclusion: 'Code one of the sub-codes.',
    exclusion: 'Do not apply the parent itself to text.',
    examples: [],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.conditions,
  },
  {
    id: DemoCodeId.barriers,
    name: 'Barriers',
    shortName: 'BAR',
    colour: vermillion,
    parentId: DemoCodeId.conditions,
    order: 1,
    definition: 'Anything the participant describes as getting in the way of implementation or of the support for it.',
    inclusion: 'Lack of time, turnover, competing priorities, tools that do not fit, feedback that is ignored.',
    exclusion: 'A neutral description of context with no hindering effect (Context codes).',
    examples: ['Time in the schedule is the biggest barrier.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.conditions,
  },
  {
    id: DemoCodeId.facilitators,
    name: 'Facilitators',
    shortName: 'FAC',
    colour: blue,
    parentId: DemoCodeId.conditions,
    order: 2,
    definition: 'Anything the participant describes as making implementation or support work better.',
    inclusion: 'Protected time or budget, leadership backing, continuity of people, small funds, honesty about constraints.',
    exclusion: 'Trust between people as such (Relationships & trust).',
    examples: ['Our deputy director protected the budget line for it even when it didn\'t produce anything you could count for the first six months.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.conditions,
  },
  {
    id: DemoCodeId.organisationalContext,
    name: 'Context: organisational',
    shortName: 'ORG',
    colour: reddishPurple,
    parentId: DemoCodeId.conditions,
    order: 3,
    definition: 'Features of the organisations involved: structure, staffing, workflows, records systems, leadership changes.',
    inclusion: 'Descriptions of who the organisation serves and how it is set up, when they shape implementation.',
    exclusion: 'Laws, funders and contracts (Context: policy & funding).',
    examples: ['We have a lot of older patients, a lot of patients with limited English'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.conditions,
  },
  {
    id: DemoCodeId.policyContext,
    name: 'Context: policy & funding',
    shortName: 'POL',
    colour: yellow,
    parentId: DemoCodeId.conditions,
    order: 4,
    definition: 'Legislation, mandates, funding streams, contracts and reporting requirements outside the organisation.',
    inclusion: 'Grant cycles, rebid contracts, billing rules, reporting to a legislature or network.',
    exclusion: 'The support activities those mandates produce (Push).',
    examples: ['And then the foundation money ended, and the state contract got rebid with deliverables again.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.conditions,
  },
  {
    id: DemoCodeId.mechanisms,
    name: 'Mechanisms',
    shortName: 'MEC',
    colour: indigo,
    parentId: null,
    order: 3,
    definition: 'How support brings about change. A grouping code.',
    inclusion: 'Code one of the sub-codes.',
    exclusion: 'Do not apply the parent itself to text.',
    examples: [],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.mechanisms,
  },
  {
    id: DemoCodeId.relationships,
    name: 'Relationships & trust',
    shortName: 'REL',
    colour: rose,
    parentId: DemoCodeId.mechanisms,
    order: 1,
    definition: 'Trust, history and continuity between supporters and those they support, and how these are built, lost or repaired.',
    inclusion: 'Prior relationships, earning trust back, being treated as a colleague, honesty between partners.',
    exclusion: 'Joint design work itself (Co-creation).',
    examples: ['I had trust with that principal already.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.mechanisms,
  },
  {
    id: DemoCodeId.capacity,
    name: 'Capacity building',
    shortName: 'CAP',
    colour: olive,
    parentId: DemoCodeId.mechanisms,
    order: 2,
    definition: 'Building lasting skills, roles and structures so that implementation continues without the supporter.',
    inclusion: 'Local leaders taking over, onboarding materials, supervisor tracks, skills that stay after support ends.',
    exclusion: 'One-off mandated training counted as a deliverable (Push).',
    examples: ['Now I think it\'s more about leaving something behind that works when I\'m not there.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.mechanisms,
  },
  {
    id: DemoCodeId.evidence,
    name: 'Evidence use',
    shortName: 'EVI',
    colour: teal,
    parentId: DemoCodeId.mechanisms,
    order: 3,
    definition: 'How research, local data and practice knowledge are used, by whom and to what end.',
    inclusion: 'Data reviewed with practitioners, small tests, research brought on request, evidence used to persuade funders.',
    exclusion: 'A dashboard mentioned only as a monitoring device (Push).',
    examples: ['The data became something for them, not just about them.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.mechanisms,
  },
  {
    id: DemoCodeId.adaptation,
    name: 'Adaptation',
    shortName: 'ADA',
    colour: darkGreen,
    parentId: DemoCodeId.mechanisms,
    order: 4,
    definition: 'Changing a programme, tool or workflow to fit the local setting and the people served.',
    inclusion: 'Rewritten scripts or questions, rebuilt lessons, new delivery routes, translating a package for local use.',
    exclusion: 'Adherence or fidelity talk with no change made (Push).',
    examples: ['And the teachers took the lessons apart and rebuilt them around their morning meeting.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.mechanisms,
  },
  {
    id: DemoCodeId.role,
    name: 'Role reflection',
    shortName: 'ROLE',
    colour: purple,
    parentId: null,
    order: 4,
    definition: 'The participant reflecting on what their own role is, was, or should be as a supporter (Metz et al.\'s "role reflection and transformation").',
    inclusion: 'Then-and-now comparisons of the role, metaphors for it (broker, bridge, messenger), what they measure themselves by.',
    exclusion: 'Descriptions of tasks with no reflection on the role.',
    examples: ['I used to think my job was compliance, to be honest.'],
    isStage: false,
    stageOrder: null,
    domain: DemoDomain.practitioner,
  },
];

/** The semantic domain of a demo code (every demo code has one). */
export function demoCodeDomain(codeId: DemoCodeId): string {
  const code = codes.find((c) => c.id === codeId);
  if (!code?.domain) throw new Error(`demo codebook: no domain for ${codeId}`);
  return code.domain;
}

/**
 * The demo codebook, stamped with its author and time.
 *
 * @example
 * createDemoCodebook({ createdBy: ownerId, createdAt: new Date().toISOString() }).filter((c) => c.isStage).length // 3
 */
export function createDemoCodebook(stamp: { readonly createdBy: string; readonly createdAt: string }): Code[] {
  return codes.map((code) => ({ ...code, examples: [...code.examples], ...stamp }));
}
