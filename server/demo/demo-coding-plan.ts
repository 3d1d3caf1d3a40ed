import { DemoCodeId as C, type DemoCodeId } from './demo-codebook.ts';

/**
 * What an experienced coder would code in each demo transcript: the reference from which the two
 * demo coders are derived (`demo-codings.ts`). A passage is named by a quote that occurs exactly
 * once in its transcript and starts and ends on whole words (checked by the unit test and again
 * when a demo project is made).
 */
export interface PlannedPassage {
  readonly quote: string;
  readonly codeId: DemoCodeId;
  /** A different but defensible reading of the same passage; where coders disagree on the code. */
  readonly alternativeCodeId?: DemoCodeId;
  /** Marginal: coded by a coder who codes generously, usually skipped by a sparing one. */
  readonly optional?: boolean;
  /** What each demo coder writes on this coding, if they code it. */
  readonly memos?: { readonly ana?: string; readonly ben?: string };
}

const p01: readonly PlannedPassage[] = [
  { quote: 'I came in as a contract monitor, honestly. My first job was basically making sure the counties were doing what the contract said they would do.', codeId: C.role, optional: true },
  {
    quote: 'it was very top-down. We had a purveyor, the program developers, and they had a training package, a three-day training, and everybody had to go. We sent out a memo that said every county will send two supervisors and six practitioners to the regional training by March.',
    codeId: C.push,
    memos: { ana: 'Classic push: attendance mandated by memo, one standard package for every county.' },
  },
  { quote: 'There was a fidelity checklist, there was a toolkit binder, this big blue binder, I still have one on my shelf actually. And the message was: here is the model, do the model, report your fidelity scores quarterly. That was support, in our minds. We would push the content out and then we\'d monitor.', codeId: C.push },
  { quote: 'we have two caseworkers covering four hundred square miles, nobody has time for a ninety-minute session in a family\'s home when they\'re driving two hours each way.', codeId: C.barriers, alternativeCodeId: C.organisationalContext },
  { quote: 'We had trained them, we had checked a box, and nothing had really changed in practice.', codeId: C.push, alternativeCodeId: C.role, memos: { ben: 'Is this still push, or her looking back at push? Coded the stage for now; raise at the meeting.' } },
  { quote: 'Our funding from the legislature came with a reporting requirement, so we couldn\'t just drop the fidelity piece, that was a real constraint.', codeId: C.policyContext },
  {
    quote: 'a few counties started calling me directly. It was, hey, our referral numbers are dropping, can you help us figure out why? Or, can someone come look at our supervision model? And those calls were different, because they were asking.',
    codeId: C.pull,
    memos: { ana: 'First pull: the counties bring a problem they care about.' },
  },
  { quote: 'So we set up what we called office hours, every other Thursday, any county could join and bring a question. Looking back that was the shift from us deciding what they needed to them telling us.', codeId: C.pull },
  { quote: 'A lot more listening. I had to learn to not walk in with the answer.', codeId: C.role, alternativeCodeId: C.pull },
  { quote: 'Now we were sitting with the county and looking at their own numbers and asking, what\'s going on here, what do you think explains this. The data became something for them, not just about them.', codeId: C.evidence },
  {
    quote: 'at first it was evidence as a stick, right, the program is evidence-based so you must do it exactly this way. Over time it became more like, here\'s what the research says about engagement, here\'s what your own data says, and here\'s what your staff know about these families, let\'s put those together.',
    codeId: C.evidence,
  },
  { quote: 'Some of our staff were uncomfortable with it, they felt like we were watering down the model.', codeId: C.barriers, optional: true },
  {
    quote: 'instead of writing the plan ourselves we asked four counties to design the next phase with us. We had county directors, frontline supervisors, two parents who\'d been through the program, and us, around the same table every month for almost a year.',
    codeId: C.coCreation,
    memos: { ben: 'Parents at the table: co-creation, not only consultation.' },
  },
  { quote: 'And that was uncomfortable at the start because there was a lot of history. One director said in the first meeting, you know, the state usually shows up with a binder. [laughs] So we had to earn some trust back.', codeId: C.relationships },
  { quote: 'But by the end the coaching model we rolled out was something they had built. They owned it. When something went wrong in a county, they called each other first, not us', codeId: C.coCreation, alternativeCodeId: C.capacity },
  { quote: 'Time, mostly. And consistency of people. I was there the whole time, the same two county leads were there the whole time. Our deputy director protected the budget line for it even when it didn\'t produce anything you could count for the first six months.', codeId: C.facilitators },
  { quote: 'And we were honest about what we couldn\'t change. Like, I said to them up front, the fidelity report to the legislature is not going away, but we can decide together how we collect it so it\'s less of a burden.', codeId: C.facilitators, alternativeCodeId: C.relationships },
  { quote: 'Turnover is the big one. Two of the four counties lost their directors during that year and you\'re kind of starting over with the new person.', codeId: C.barriers, alternativeCodeId: C.organisationalContext },
  {
    quote: 'there was a period where the new people wanted a statewide rollout in six months, and I could feel us sliding back into, just send everybody the training.',
    codeId: C.push,
    alternativeCodeId: C.policyContext,
    memos: { ana: 'Back-step: new leadership pulls the work back towards push.' },
  },
  { quote: 'I used to think my job was compliance, to be honest. Now I think of myself more as a broker, maybe. I connect people, I hold the space for the hard conversations, I translate between what the legislature needs and what a caseworker in a rural county can actually do.', codeId: C.role },
  { quote: 'And you can\'t fake co-designing something. People can tell very quickly if the decisions were already made.', codeId: C.coCreation, alternativeCodeId: C.role, optional: true },
];

const p02: readonly PlannedPassage[] = [
  { quote: 'So the district adopted a new SEL curriculum, it was a board decision, there was a state push behind it too', codeId: C.policyContext, optional: true },
  {
    quote: 'My first year was all professional development days. We\'d get the whole staff of a school in the library on a PD day, I\'d walk through the lessons, we\'d do a couple of role plays, and then I\'d leave a copy of the implementation guide and move on to the next school.',
    codeId: C.push,
  },
  { quote: 'There was a rollout calendar, every school had to be trained by October, and we tracked completion. I think I did thirty-one trainings that fall.', codeId: C.push },
  { quote: 'Some teachers told me straight out, this is one more thing, we don\'t have a block in the schedule for it.', codeId: C.barriers },
  { quote: 'One of the principals, at an elementary school on the east side, I\'d actually taught with her years ago.', codeId: C.relationships },
  {
    quote: 'And she called me and said, look, I don\'t want another training, I want you to come sit with my grade-level team and figure out what this should look like here. So I did. I went every week for most of that year.',
    codeId: C.coCreation,
    alternativeCodeId: C.pull,
    memos: { ana: 'She asked (pull?), but what she asked for was joint work every week: coded co-creation.', ben: 'The principal called her: that is a request. Pull, then co-creation?' },
  },
  { quote: 'And we didn\'t start from the curriculum, we started from what the teachers were seeing, like kids coming in after recess totally dysregulated, conflicts at lunch.', codeId: C.coCreation },
  { quote: 'And the teachers took the lessons apart and rebuilt them around their morning meeting. They wrote their own little scripts.', codeId: C.adaptation, alternativeCodeId: C.coCreation },
  { quote: 'I wasn\'t the expert in the room, I was more like, I kept the notes and I asked questions and I brought the research when they wanted it.', codeId: C.role, alternativeCodeId: C.coCreation },
  { quote: 'For me the partnership came really early, almost by accident, because of that one relationship. I had trust with that principal already. We\'d eaten lunch together for five years.', codeId: C.relationships, memos: { ana: 'Trust came before the project: explains the unusual order (push → co-creation → pull).' } },
  { quote: 'The east side school had their discipline referrals drop, and people noticed. So I started getting emails, can you come do what you did over there?', codeId: C.pull },
  { quote: 'So my job became much more responsive, kind of on-request. I set up a little request form and I\'d triage.', codeId: C.pull },
  { quote: 'With the requests, the school decides what the problem is and I help with that specific thing, then I step back. I\'m not at the table every week.', codeId: C.pull },
  { quote: 'I think the requests came because of the partnership. They saw what was possible and then they came asking.', codeId: C.pull, alternativeCodeId: C.coCreation, optional: true },
  { quote: 'Time in the schedule is the biggest barrier. If there\'s no protected time for teachers to meet, nothing I do matters. The other thing is the testing calendar. From February to April everything is about the state test and SEL just disappears.', codeId: C.barriers },
  { quote: 'What helps is principals who protect the time and who are honest with their staff.', codeId: C.facilitators },
  { quote: 'We built a simple check-in survey with the east side teachers, three questions, and other schools wanted to use it too. That helped more than any research article I brought, to be honest, because it was their own kids.', codeId: C.evidence },
  { quote: 'Now I think it\'s more about leaving something behind that works when I\'m not there. At the east side school they have a teacher leader who runs the SEL team now.', codeId: C.capacity },
  { quote: 'I used to think the coach was the person who knew the curriculum best. Now I think the coach is the person who helps a school figure out what it actually needs', codeId: C.role },
];

const p03: readonly PlannedPassage[] = [
  {
    quote: 'It actually started with us asking for it. When I first became supervisor, my CHWs kept coming to me with the same problem, that patients would get referred to the diabetes education class and never show up.',
    codeId: C.pull,
    memos: { ana: 'Pathway starts with pull: nobody told them to.' },
  },
  { quote: 'So I reached out to the state CHW association and they connected us with a woman from the public health institute who did, like, technical assistance. I called her and said, we have this problem, can you help?', codeId: C.pull },
  { quote: 'And she came out and mostly she asked us questions. What do you think is going on, what have you tried.', codeId: C.pull, alternativeCodeId: C.coCreation },
  {
    quote: 'the health center joined a big network initiative, a managed care thing, and with it came a mandatory social needs screening tool. Ten questions, every patient, every visit, entered in the electronic record.',
    codeId: C.push,
    memos: { ben: 'Mandate arrives after the pull phase: a back-step in the pathway.' },
  },
  { quote: 'And there was a webinar series, and a training module everyone had to complete by a deadline, and a dashboard that showed each clinic\'s screening rate in red, yellow, green.', codeId: C.push },
  { quote: 'The screening questions were written in a way that didn\'t land for our families.', codeId: C.barriers },
  { quote: 'So the numbers on the dashboard were green and the reality was not.', codeId: C.evidence, alternativeCodeId: C.barriers },
  { quote: 'My team felt like they were being told to do something that they knew didn\'t work, and nobody asked them. A couple of them talked about quitting.', codeId: C.push, alternativeCodeId: C.barriers },
  { quote: 'I went to our medical director and I said, I think we need to redo this with the people who actually do it. And to her credit she said okay.', codeId: C.coCreation, alternativeCodeId: C.pull },
  {
    quote: 'we brought together the CHWs, two nurses, a front desk person, and four community members, patients basically, and we met for like four months.',
    codeId: C.coCreation,
    memos: { ana: 'Co-creation with community members, paid: see the next passage.' },
  },
  { quote: 'The community members were paid for their time, that was important.', codeId: C.facilitators, optional: true },
  { quote: 'And we rewrote how the screening happens. Now the CHW does it in a conversation, not a form at the front desk, and the questions are in the words people actually use.', codeId: C.adaptation },
  { quote: 'It felt like ours. Before it was, the network says. Now it\'s, we decided.', codeId: C.coCreation },
  { quote: 'The CHWs presented the new workflow at the network meeting themselves.', codeId: C.capacity, alternativeCodeId: C.coCreation },
  { quote: 'Trust, mainly. The community members trusted the CHWs already, because the CHWs are from the neighborhood. I trust my team. And the medical director trusted me enough to let us try.', codeId: C.relationships },
  { quote: 'She helped us look at the data before and after, she knew how to set up a small test, like, try it with twenty patients and see. That helped us convince the network, because we had numbers, not just stories.', codeId: C.evidence },
  { quote: 'But she was really careful not to take over. She\'d say, it\'s your process, I\'m just helping you look at it.', codeId: C.relationships, alternativeCodeId: C.coCreation, optional: true },
  { quote: 'The electronic record. [laughs] Changing one field takes six months.', codeId: C.barriers, alternativeCodeId: C.organisationalContext },
  { quote: 'And the network had its contract deadlines, so there was always pressure to just report the numbers.', codeId: C.policyContext },
  { quote: 'We ended up making a little onboarding guide ourselves, with the new screening conversation and role plays', codeId: C.capacity },
  { quote: 'I think I\'m a bridge. I speak the language of the clinic and the language of the neighborhood.', codeId: C.role },
];

const p04: readonly PlannedPassage[] = [
  {
    quote: 'When I started, our whole model was training and certification. We had a trauma-focused therapy model, we\'d run the two-day workshop, then six months of consultation calls, and at the end clinicians got certified if their tapes passed fidelity review.',
    codeId: C.push,
  },
  { quote: 'Agencies were told by the state they had to have a certain number of certified clinicians to bill for the service.', codeId: C.policyContext, alternativeCodeId: C.push },
  { quote: 'We\'d track how many people we trained and that was our deliverable to the funder.', codeId: C.push },
  { quote: 'But then we did a follow-up survey, and something like a third of the certified clinicians weren\'t using the model with anyone eighteen months later.', codeId: C.evidence },
  { quote: 'Either they\'d left the agency, or their supervisor didn\'t know the model, or the caseloads were too high.', codeId: C.barriers, alternativeCodeId: C.organisationalContext },
  { quote: 'We had built individual skill and ignored the organization around the clinician.', codeId: C.role, alternativeCodeId: C.capacity, optional: true },
  { quote: 'We started doing readiness assessments with agencies before training, and we built in supervisor tracks.', codeId: C.capacity, alternativeCodeId: C.push },
  {
    quote: 'the bigger change was that we opened up a consultation line. Agencies could request help on whatever implementation issue they had, not just clinical questions.',
    codeId: C.pull,
    memos: { ana: 'Pull: the consultation line.' },
  },
  { quote: 'It was demand-driven, so the agencies with energy came to us and we put our time there.', codeId: C.pull },
  { quote: 'The downside of purely demand-driven is that the agencies that most need help are often the ones that don\'t ask. They don\'t have the bandwidth to even fill out the request.', codeId: C.barriers },
  { quote: 'So we started doing some outreach to those agencies, which is a bit of a mix of both approaches, I suppose.', codeId: C.push, alternativeCodeId: C.pull, optional: true, memos: { ben: 'She calls it a mix. Outreach is supporter-initiated, so push?' } },
  {
    quote: 'a foundation funded us for three years to do what they called learning partnerships. We worked with five agencies in depth. And the idea was not that we bring a model, but that we figure out together what the agency\'s implementation problem actually is, and design something together.',
    codeId: C.coCreation,
  },
  { quote: 'we spent the first three months just doing what they called listening sessions with staff and clients.', codeId: C.coCreation },
  { quote: 'So we ended up partnering with them and a transit nonprofit to pilot telehealth sessions from the local library.', codeId: C.adaptation, alternativeCodeId: C.coCreation },
  { quote: 'We became colleagues. We had a shared work plan that both sides had signed, we had a standing monthly meeting with their leadership, and we were honest with each other when things weren\'t working.', codeId: C.coCreation, alternativeCodeId: C.relationships },
  { quote: 'I remember their CEO saying to me, you\'re the first TA people who didn\'t make us feel stupid.', codeId: C.relationships },
  { quote: 'We brought frameworks, I\'d use implementation science frameworks to help structure the conversations, but we held them loosely.', codeId: C.evidence },
  {
    quote: 'And then the foundation money ended, and the state contract got rebid with deliverables again. Number of TA contacts, number of trainings, turnaround time on requests.',
    codeId: C.policyContext,
    memos: { ana: 'Funding change drives the step back from co-creation to pull.' },
  },
  { quote: 'So we\'re back to mostly a request-based model, a kind of help desk with good people on it.', codeId: C.pull },
  { quote: 'But the deep co-design work, there\'s no line in the budget for it.', codeId: C.barriers, alternativeCodeId: C.policyContext },
  { quote: 'I try to bring a co-creation mindset into the small stuff. Even if it\'s a one-hour consultation, I ask what they\'ve already tried, what they think is going on.', codeId: C.pull, alternativeCodeId: C.coCreation, memos: { ben: 'A co-creation mindset inside a pull model. Coded as she frames it.' } },
  { quote: 'We\'re using our own data to make the case to the funder. That\'s a kind of evidence use that people don\'t always talk about, using evidence to change the conditions for support itself.', codeId: C.evidence },
  { quote: 'From trainer to, I\'d say, thinking partner. I used to measure myself by how well I presented the model.', codeId: C.role },
];

const p05: readonly PlannedPassage[] = [
  {
    quote: 'The hospital system has a central quality department, and every year they pick initiatives that all the clinics have to do.',
    codeId: C.push,
    memos: { ana: 'Push throughout: initiatives chosen centrally each year.' },
  },
  { quote: 'They send us a change package, which is basically a set of slides, a workflow diagram, and a list of measures. There\'s a kickoff webinar, and then monthly all-clinic calls where each clinic reports their numbers.', codeId: C.push },
  { quote: 'The change package assumes every clinic looks the same, and we don\'t. We have a lot of older patients, a lot of patients with limited English', codeId: C.organisationalContext, alternativeCodeId: C.barriers },
  { quote: 'So my job is mostly translating the package into something my staff can actually do, and then chasing the numbers.', codeId: C.adaptation, alternativeCodeId: C.role },
  { quote: 'There\'s a quality council, and in theory clinic leads can give input, but by the time it reaches us the decisions are made.', codeId: C.push, alternativeCodeId: C.barriers },
  { quote: 'They\'ll come out for a site visit and walk the workflow with you. But they have twenty-some clinics and they\'re measured on system-wide numbers, so the visits are short.', codeId: C.push },
  { quote: 'They tell you what the high performers are doing and encourage you to copy it.', codeId: C.push, optional: true },
  { quote: 'The medical assistants do the screening because it\'s a required field now, they can\'t close the visit without it. That was the system\'s fix, make it a hard stop in the electronic record.', codeId: C.push },
  { quote: 'because there\'s a three-month wait for our behavioral health referral. A hard stop can\'t fix a wait list.', codeId: C.barriers },
  {
    quote: 'I passed that up, and I got back an email that said thanks for the feedback, please continue to follow the standard workflow. So people stopped giving feedback after that',
    codeId: C.barriers,
    alternativeCodeId: C.push,
    memos: { ben: 'Feedback loop closed from above: barrier, and also very push.' },
  },
  { quote: 'The data is the dashboard. We get it, we look at it, we\'re ranked against other clinics. I\'ll be honest, it mostly makes people anxious.', codeId: C.evidence, alternativeCodeId: C.push },
  {
    quote: 'So our nurses, a couple of them, started coming to me on their own. One of them said, I have all these patients who screen positive and then nothing happens, can you help me figure out what we could do while they wait?',
    codeId: C.pull,
    memos: { ana: 'Late pull: the only support the nurses asked for.' },
  },
  { quote: 'We ended up putting together a small thing, the nurses call positive-screen patients at two weeks, just a check-in, and they made their own tracking sheet.', codeId: C.pull, alternativeCodeId: C.coCreation, memos: { ben: 'Nurses designed it themselves: early co-creation?' } },
  { quote: 'I helped them with the data part and I found them a short training on brief behavioral interventions that the system had but nobody was using.', codeId: C.capacity, alternativeCodeId: C.pull },
  { quote: 'With the system stuff people come because it\'s mandatory. This came from them.', codeId: C.pull, alternativeCodeId: C.push, optional: true },
  { quote: 'Nobody has protected time for improvement work, it\'s all squeezed between patients. And the system measures drive everything, what gets measured gets attention.', codeId: C.barriers },
  { quote: 'we\'ve had turnover in medical assistants, it\'s hard to build anything when a third of your team is new.', codeId: C.barriers, alternativeCodeId: C.organisationalContext },
  { quote: 'Right now I\'m mostly a messenger, I carry the initiatives down and the numbers up.', codeId: C.role },
];

/** The coding plan, by participant (`P01`–`P05`). */
export const demoCodingPlan: Readonly<Record<string, readonly PlannedPassage[]>> = { P01: p01, P02: p02, P03: p03, P04: p04, P05: p05 };
