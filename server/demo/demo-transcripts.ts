/**
 * Five synthetic interview transcripts for the demo project. They are original, written for Accord:
 * invented participants describing how their implementation support moved between push, pull and
 * co-creation (Metz et al. 2022's stages), each in a different order, with back-steps.
 *
 * Form: one speaker turn per paragraph (`Interviewer: …` / `P03: …`), a blank line between turns.
 * `demo-coding-plan.ts` quotes these texts verbatim: change a sentence there too, or its unit test fails.
 */
export interface DemoTranscript {
  /** P01–P05; also the speaker label inside the text. */
  readonly participant: string;
  /** Shown after the participant in the document name. */
  readonly role: string;
  /** The pathway the transcript was written to show, for people reading the demo. */
  readonly pathway: string;
  readonly text: string;
}

const transcript = (turns: readonly string[]): string => turns.join('\n\n');

const p01 = transcript([
  `Interviewer: Thanks for making time today. To start, could you tell me a bit about your role and how you came to implementation support?`,
  `P01: Sure. So I'm a program manager at the state department of children and family services, I've been there, gosh, eleven years now. I came in as a contract monitor, honestly. My first job was basically making sure the counties were doing what the contract said they would do. And at that time the department had just signed on to scale up an evidence-based parenting program across all of our counties, so my whole world was that rollout.`,
  `Interviewer: What did support look like in that early rollout?`,
  `P01: Oh, it was very top-down. We had a purveyor, the program developers, and they had a training package, a three-day training, and everybody had to go. We sent out a memo that said every county will send two supervisors and six practitioners to the regional training by March. There was a fidelity checklist, there was a toolkit binder, this big blue binder, I still have one on my shelf actually. And the message was: here is the model, do the model, report your fidelity scores quarterly. That was support, in our minds. We would push the content out and then we'd monitor.`,
  `Interviewer: How did the counties respond to that?`,
  `P01: Politely. [laughs] They went to the trainings. They filled in the checklists. But I remember visiting one of the rural counties maybe a year in, and the supervisor walked me to a closet and the binders were in there, still shrink-wrapped, some of them. And she said, look, we have two caseworkers covering four hundred square miles, nobody has time for a ninety-minute session in a family's home when they're driving two hours each way. And that was kind of the first crack for me. We had trained them, we had checked a box, and nothing had really changed in practice.`,
  `Interviewer: What happened after that?`,
  `P01: A couple of things happened at once. Our funding from the legislature came with a reporting requirement, so we couldn't just drop the fidelity piece, that was a real constraint. But at the same time a few counties started calling me directly. It was, hey, our referral numbers are dropping, can you help us figure out why? Or, can someone come look at our supervision model? And those calls were different, because they were asking. They had a problem they actually cared about. So we set up what we called office hours, every other Thursday, any county could join and bring a question. Looking back that was the shift from us deciding what they needed to them telling us.`,
  `Interviewer: How did that change your day-to-day work?`,
  `P01: A lot more listening. I had to learn to not walk in with the answer. Some of the questions I couldn't answer, so we'd bring in somebody from the university partner to look at the referral data with them. And we started using the data differently too. Before, the fidelity data went up to us and it stopped there, it went into a report for the legislature. Now we were sitting with the county and looking at their own numbers and asking, what's going on here, what do you think explains this. The data became something for them, not just about them.`,
  `Interviewer: You mentioned a university partner. How did evidence come into those conversations?`,
  `P01: Honestly at first it was evidence as a stick, right, the program is evidence-based so you must do it exactly this way. Over time it became more like, here's what the research says about engagement, here's what your own data says, and here's what your staff know about these families, let's put those together. That took time. Some of our staff were uncomfortable with it, they felt like we were watering down the model.`,
  `Interviewer: Was there a point where the relationship with the counties changed more fundamentally?`,
  `P01: Yeah. So around year five, six, we got a planning grant and instead of writing the plan ourselves we asked four counties to design the next phase with us. We had county directors, frontline supervisors, two parents who'd been through the program, and us, around the same table every month for almost a year. And that was uncomfortable at the start because there was a lot of history. One director said in the first meeting, you know, the state usually shows up with a binder. [laughs] So we had to earn some trust back. But by the end the coaching model we rolled out was something they had built. They owned it. When something went wrong in a county, they called each other first, not us, and honestly that's how it should be.`,
  `Interviewer: What made that possible, do you think?`,
  `P01: Time, mostly. And consistency of people. I was there the whole time, the same two county leads were there the whole time. Our deputy director protected the budget line for it even when it didn't produce anything you could count for the first six months. And we were honest about what we couldn't change. Like, I said to them up front, the fidelity report to the legislature is not going away, but we can decide together how we collect it so it's less of a burden. I think being straight about the constraints helped.`,
  `Interviewer: Were there things that made it harder?`,
  `P01: Turnover. Turnover is the big one. Two of the four counties lost their directors during that year and you're kind of starting over with the new person. And then our own leadership changed after the election, and there was a period where the new people wanted a statewide rollout in six months, and I could feel us sliding back into, just send everybody the training. I had to push back on that, which, you know, is not comfortable when you're a program manager.`,
  `Interviewer: How would you describe your own role now compared to when you started?`,
  `P01: I used to think my job was compliance, to be honest. Now I think of myself more as a broker, maybe. I connect people, I hold the space for the hard conversations, I translate between what the legislature needs and what a caseworker in a rural county can actually do. I still do monitoring, that's part of the job, but it's not the center of it anymore.`,
  `Interviewer: Is there anything you'd want other state agencies to know?`,
  `P01: Don't skip the asking part. I think we jumped straight from training to expecting results, and the real work started when the counties began telling us what they needed. And you can't fake co-designing something. People can tell very quickly if the decisions were already made.`,
]);

const p02 = transcript([
  `Interviewer: Can you start by telling me about your current role?`,
  `P02: Yeah, so I'm an implementation coach for a mid-sized school district, about forty schools. I work mostly on our social-emotional learning curriculum, and on multi-tiered supports more generally. Before this I taught fourth grade for nine years, so I came up through the classroom.`,
  `Interviewer: How did you first get involved in supporting implementation?`,
  `P02: So the district adopted a new SEL curriculum, it was a board decision, there was a state push behind it too, and they needed coaches to roll it out. My first year was all professional development days. We'd get the whole staff of a school in the library on a PD day, I'd walk through the lessons, we'd do a couple of role plays, and then I'd leave a copy of the implementation guide and move on to the next school. There was a rollout calendar, every school had to be trained by October, and we tracked completion. I think I did thirty-one trainings that fall.`,
  `Interviewer: How did that go?`,
  `P02: [laughs] The trainings went fine, people were nice about it. But when I came back in the spring, most teachers had done maybe the first three lessons. Some teachers told me straight out, this is one more thing, we don't have a block in the schedule for it. And honestly I got it, because I'd been that teacher, sitting in the library thinking about my grading.`,
  `Interviewer: What happened next?`,
  `P02: So this is where my story is a little unusual, I think. One of the principals, at an elementary school on the east side, I'd actually taught with her years ago. And she called me and said, look, I don't want another training, I want you to come sit with my grade-level team and figure out what this should look like here. So I did. I went every week for most of that year. And we didn't start from the curriculum, we started from what the teachers were seeing, like kids coming in after recess totally dysregulated, conflicts at lunch. And the teachers took the lessons apart and rebuilt them around their morning meeting. They wrote their own little scripts. The counselor got involved, a couple of parents came in. I wasn't the expert in the room, I was more like, I kept the notes and I asked questions and I brought the research when they wanted it.`,
  `Interviewer: You said that's unusual. Why?`,
  `P02: Because usually people talk about it like, first you train, then people ask you for help, then eventually, if you're lucky, you get to this partnership thing. For me the partnership came really early, almost by accident, because of that one relationship. I had trust with that principal already. We'd eaten lunch together for five years. That's not something you can put in a rollout calendar.`,
  `Interviewer: And after that year?`,
  `P02: After that, word got around. Teachers talk, principals talk at their meetings. The east side school had their discipline referrals drop, and people noticed. So I started getting emails, can you come do what you did over there? And it wasn't always the same thing. One middle school wanted help with their advisory period, another school wanted me to just observe a teacher who was struggling and give feedback. So my job became much more responsive, kind of on-request. I set up a little request form and I'd triage.`,
  `Interviewer: How was that different from the partnership at the first school?`,
  `P02: It's lighter touch. With the requests, the school decides what the problem is and I help with that specific thing, then I step back. I'm not at the table every week. Which is fine, you can't co-design with forty schools at once, there's one of me. Some of my colleagues would say that's going backwards, from the deep partnership to, you know, a help desk. I don't totally see it that way. I think the requests came because of the partnership. They saw what was possible and then they came asking.`,
  `Interviewer: What helped or hindered that kind of work?`,
  `P02: Time in the schedule is the biggest barrier. If there's no protected time for teachers to meet, nothing I do matters. The other thing is the testing calendar. From February to April everything is about the state test and SEL just disappears. What helps is principals who protect the time and who are honest with their staff. And having a little bit of data. We built a simple check-in survey with the east side teachers, three questions, and other schools wanted to use it too. That helped more than any research article I brought, to be honest, because it was their own kids.`,
  `Interviewer: How do you think about capacity building in your role?`,
  `P02: Hmm. At the beginning I thought capacity building meant training. Now I think it's more about leaving something behind that works when I'm not there. At the east side school they have a teacher leader who runs the SEL team now. I haven't been there regularly in two years and they're still going. That's the thing I'm proudest of, honestly.`,
  `Interviewer: Looking back, has your sense of what a coach is for changed?`,
  `P02: Completely. I used to think the coach was the person who knew the curriculum best. Now I think the coach is the person who helps a school figure out what it actually needs, and sometimes that means the curriculum, and sometimes it means the lunchroom. I'm less of a presenter and more of a, I don't know, a facilitator with a notebook.`,
  `Interviewer: Anything else you want to add?`,
  `P02: Just that the order isn't always the order in the textbooks. Sometimes you get the relationship first and the demand comes after.`,
]);

const p03 = transcript([
  `Interviewer: Could you describe your role for me?`,
  `P03: I supervise a team of eight community health workers at a community health center. We serve mostly families in two neighborhoods, a lot of them Spanish-speaking, and the CHWs do home visits, help people with diabetes management, get them connected to food, housing, whatever is going on. I was a CHW myself for six years before I became supervisor.`,
  `Interviewer: How did implementation support come into your work?`,
  `P03: It actually started with us asking for it. When I first became supervisor, my CHWs kept coming to me with the same problem, that patients would get referred to the diabetes education class and never show up. And I didn't know what to do about it. So I reached out to the state CHW association and they connected us with a woman from the public health institute who did, like, technical assistance. I called her and said, we have this problem, can you help? And she came out and mostly she asked us questions. What do you think is going on, what have you tried. We ended up changing the class time and adding reminder calls and it helped a little.`,
  `Interviewer: So that was something you initiated.`,
  `P03: Yes, we went looking. Nobody told us to.`,
  `Interviewer: What happened after that?`,
  `P03: Then, about two years later, the health center joined a big network initiative, a managed care thing, and with it came a mandatory social needs screening tool. Ten questions, every patient, every visit, entered in the electronic record. And there was a webinar series, and a training module everyone had to complete by a deadline, and a dashboard that showed each clinic's screening rate in red, yellow, green. My CHWs were supposed to follow up on every positive screen within seventy-two hours.`,
  `Interviewer: How did your team experience that?`,
  `P03: Honestly, it was hard. The screening questions were written in a way that didn't land for our families. Like, asking someone at the front desk with other people in the waiting room, are you worried about losing your housing? People said no. Of course they said no. And then the CHWs knew from home visits that these same families were sleeping at a cousin's house. So the numbers on the dashboard were green and the reality was not. My team felt like they were being told to do something that they knew didn't work, and nobody asked them. A couple of them talked about quitting.`,
  `Interviewer: What did you do?`,
  `P03: I went to our medical director and I said, I think we need to redo this with the people who actually do it. And to her credit she said okay. We got a small amount of money from the network's innovation fund, and we brought together the CHWs, two nurses, a front desk person, and four community members, patients basically, and we met for like four months. The community members were paid for their time, that was important. And we rewrote how the screening happens. Now the CHW does it in a conversation, not a form at the front desk, and the questions are in the words people actually use. The network still gets their data, but it comes from a different process.`,
  `Interviewer: How did that process feel different?`,
  `P03: It felt like ours. Before it was, the network says. Now it's, we decided. The CHWs presented the new workflow at the network meeting themselves. One of them, she'd never spoken in front of a group like that, and she did great, and afterwards the network people asked if other clinics could use it. That was a big moment for my team.`,
  `Interviewer: What made that possible?`,
  `P03: Trust, mainly. The community members trusted the CHWs already, because the CHWs are from the neighborhood. I trust my team. And the medical director trusted me enough to let us try. If any one of those links was missing I don't think it would have worked. Also the money, even a little. Paying community members says you value what they know.`,
  `Interviewer: And the technical assistance person you mentioned at the beginning, did she stay involved?`,
  `P03: She came back actually, during the redesign. She helped us look at the data before and after, she knew how to set up a small test, like, try it with twenty patients and see. That helped us convince the network, because we had numbers, not just stories. But she was really careful not to take over. She'd say, it's your process, I'm just helping you look at it.`,
  `Interviewer: Were there things that got in the way?`,
  `P03: The electronic record. [laughs] Changing one field takes six months. And the network had its contract deadlines, so there was always pressure to just report the numbers. And turnover, in CHW work people leave because the pay is low, and every new CHW has to learn all of this. We ended up making a little onboarding guide ourselves, with the new screening conversation and role plays, so a new CHW can shadow for two weeks and practice before they do it alone.`,
  `Interviewer: How do you see your role now?`,
  `P03: I think I'm a bridge. I speak the language of the clinic and the language of the neighborhood. My job is to make sure what comes down from above actually fits the people we serve, and when it doesn't, to bring people together to fix it.`,
]);

const p04 = transcript([
  `Interviewer: Please tell me about the organization you work for and your role.`,
  `P04: I'm a senior technical assistance specialist at a nonprofit intermediary. We're funded mostly by the state and a couple of foundations to help behavioral health agencies put evidence-based practices in place. I've been there about fourteen years, so I've seen a few eras, let's say.`,
  `Interviewer: Tell me about those eras.`,
  `P04: [laughs] Okay. When I started, our whole model was training and certification. We had a trauma-focused therapy model, we'd run the two-day workshop, then six months of consultation calls, and at the end clinicians got certified if their tapes passed fidelity review. Agencies were told by the state they had to have a certain number of certified clinicians to bill for the service. So it was, you know, train and certify. We'd track how many people we trained and that was our deliverable to the funder. We trained, I think, over two thousand clinicians in the first five years.`,
  `Interviewer: How did you judge whether it was working?`,
  `P04: By the numbers we were counting, it was working great. But then we did a follow-up survey, and something like a third of the certified clinicians weren't using the model with anyone eighteen months later. Either they'd left the agency, or their supervisor didn't know the model, or the caseloads were too high. That was sobering. We had built individual skill and ignored the organization around the clinician.`,
  `Interviewer: What changed after that?`,
  `P04: We started doing readiness assessments with agencies before training, and we built in supervisor tracks. But the bigger change was that we opened up a consultation line. Agencies could request help on whatever implementation issue they had, not just clinical questions. And the requests were really varied. Billing problems, how to fit the model into a twelve-session limit, how to get buy-in from a skeptical clinical director. We'd match them with whoever on our team knew that area. It was demand-driven, so the agencies with energy came to us and we put our time there.`,
  `Interviewer: Was that a good change?`,
  `P04: Mostly. The downside of purely demand-driven is that the agencies that most need help are often the ones that don't ask. They don't have the bandwidth to even fill out the request. So we started doing some outreach to those agencies, which is a bit of a mix of both approaches, I suppose.`,
  `Interviewer: You said there were a few eras. What came next?`,
  `P04: So the third phase, which I'd say was the best work I've done, was when a foundation funded us for three years to do what they called learning partnerships. We worked with five agencies in depth. And the idea was not that we bring a model, but that we figure out together what the agency's implementation problem actually is, and design something together. With one agency in the southern part of the state, we spent the first three months just doing what they called listening sessions with staff and clients. Their problem turned out not to be the therapy model at all, it was that clients couldn't get to appointments because the bus line had been cut. So we ended up partnering with them and a transit nonprofit to pilot telehealth sessions from the local library. That is not something you'd find in any TA manual.`,
  `Interviewer: How did your relationship with those agencies differ?`,
  `P04: We became colleagues. We had a shared work plan that both sides had signed, we had a standing monthly meeting with their leadership, and we were honest with each other when things weren't working. I remember their CEO saying to me, you're the first TA people who didn't make us feel stupid. That meant a lot. We brought frameworks, I'd use implementation science frameworks to help structure the conversations, but we held them loosely.`,
  `Interviewer: And then?`,
  `P04: And then the foundation money ended, and the state contract got rebid with deliverables again. Number of TA contacts, number of trainings, turnaround time on requests. So we're back to mostly a request-based model, a kind of help desk with good people on it. We still carry the relationships from the learning partnerships, those agencies still call us and we go deeper with them when we can. But the deep co-design work, there's no line in the budget for it. It's frustrating because we know what works better now.`,
  `Interviewer: How do you manage that tension?`,
  `P04: I try to bring a co-creation mindset into the small stuff. Even if it's a one-hour consultation, I ask what they've already tried, what they think is going on. And we document everything, so when the contract comes up again we can show that the partnership agencies had better retention of trained staff. We're using our own data to make the case to the funder. That's a kind of evidence use that people don't always talk about, using evidence to change the conditions for support itself.`,
  `Interviewer: Looking back, how has your role changed?`,
  `P04: From trainer to, I'd say, thinking partner. I used to measure myself by how well I presented the model. Now I think the skill is in asking good questions and being patient with the answer. And knowing when to just give someone the template they asked for, because sometimes that's really all they need.`,
]);

const p05 = transcript([
  `Interviewer: Can you tell me about your role and your clinic?`,
  `P05: I'm the quality improvement lead at a primary care clinic that's part of a larger hospital system. We have about twelve providers and maybe forty staff total. I'm a nurse by background, and I moved into the QI role four years ago.`,
  `Interviewer: How does implementation support show up in your work?`,
  `P05: Mostly it comes from the system. The hospital system has a central quality department, and every year they pick initiatives that all the clinics have to do. This year it's depression screening and follow-up, last year it was blood pressure control. They send us a change package, which is basically a set of slides, a workflow diagram, and a list of measures. There's a kickoff webinar, and then monthly all-clinic calls where each clinic reports their numbers. And then there's the dashboard. Everybody watches the dashboard.`,
  `Interviewer: What's it like on the receiving end of that?`,
  `P05: It's a lot. The change package assumes every clinic looks the same, and we don't. We have a lot of older patients, a lot of patients with limited English, and the screening tool they chose is, you know, it's validated, but the way it's supposed to be given in the workflow doesn't fit how our rooming process works. So my job is mostly translating the package into something my staff can actually do, and then chasing the numbers.`,
  `Interviewer: Do you have any say in what the initiatives are?`,
  `P05: Not really. There's a quality council, and in theory clinic leads can give input, but by the time it reaches us the decisions are made. The consultants from the central department are nice, they're very knowledgeable. They'll come out for a site visit and walk the workflow with you. But they have twenty-some clinics and they're measured on system-wide numbers, so the visits are short. They tell you what the high performers are doing and encourage you to copy it.`,
  `Interviewer: How do your staff respond?`,
  `P05: Compliance, mostly. [laughs] The medical assistants do the screening because it's a required field now, they can't close the visit without it. That was the system's fix, make it a hard stop in the electronic record. Our screening rate went from forty percent to ninety-five in two months. But the follow-up part, actually getting people to behavioral health, that didn't move, because there's a three-month wait for our behavioral health referral. A hard stop can't fix a wait list.`,
  `Interviewer: What support would you have wanted?`,
  `P05: Honestly, someone to ask us what our barriers were before designing the workflow. We did have a staff huddle where people said, this isn't going to work for patients who need an interpreter, it adds ten minutes. I passed that up, and I got back an email that said thanks for the feedback, please continue to follow the standard workflow. So people stopped giving feedback after that, you know. Why would you.`,
  `Interviewer: What about evidence, how is research or data used?`,
  `P05: The evidence is kind of built into the package. They'll cite the guidelines, the screening recommendation. The data is the dashboard. We get it, we look at it, we're ranked against other clinics. I'll be honest, it mostly makes people anxious. There's not a lot of room to say, our number is low because our population is different, let's look at why.`,
  `Interviewer: Has anything shifted over the time you've been in this role?`,
  `P05: A little, actually, this last year. So our nurses, a couple of them, started coming to me on their own. One of them said, I have all these patients who screen positive and then nothing happens, can you help me figure out what we could do while they wait? And that was different, because it was her question, not the system's. We ended up putting together a small thing, the nurses call positive-screen patients at two weeks, just a check-in, and they made their own tracking sheet. Nobody asked for it from above. I helped them with the data part and I found them a short training on brief behavioral interventions that the system had but nobody was using.`,
  `Interviewer: How did that feel different from the system initiatives?`,
  `P05: It was smaller, but the nurses actually cared about it. They came to the meetings. They argued about the tracking sheet. [laughs] With the system stuff people come because it's mandatory. This came from them. I don't want to overstate it, it's three nurses and a spreadsheet. And I had to kind of do it on the side, because it doesn't count toward any of the system measures.`,
  `Interviewer: What gets in the way of more of that?`,
  `P05: Time. Nobody has protected time for improvement work, it's all squeezed between patients. And the system measures drive everything, what gets measured gets attention. My manager is supportive, but she's also being measured on the dashboard. And staffing, we've had turnover in medical assistants, it's hard to build anything when a third of your team is new.`,
  `Interviewer: How do you see your role?`,
  `P05: Right now I'm mostly a messenger, I carry the initiatives down and the numbers up. I'd like to be more of a, I don't know, a partner to the staff, helping them fix the things they see. The nurse project made me think that's possible. But the structure isn't really built for it yet.`,
]);

/** The demo's transcripts, in document order. */
export const demoTranscripts: readonly DemoTranscript[] = [
  { participant: 'P01', role: 'state agency program manager', pathway: 'push → pull → co-creation, with a pull back towards push after an election', text: p01 },
  { participant: 'P02', role: 'school-district implementation coach', pathway: 'push → co-creation → pull: the partnership came first, demand followed', text: p02 },
  { participant: 'P03', role: 'community health worker supervisor', pathway: 'pull → push → co-creation: a mandate arrives between two locally owned phases', text: p03 },
  { participant: 'P04', role: 'intermediary TA provider', pathway: 'push → pull → co-creation → pull: funding ends the partnership phase', text: p04 },
  { participant: 'P05', role: 'clinic quality-improvement lead', pathway: 'push almost throughout, with a late, small pull', text: p05 },
];
