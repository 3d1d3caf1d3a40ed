/**
 * The exports of the spec's worked examples 1 and 3 (§4), copied verbatim from
 * ../shared/specs/pathways-and-reconciliation.md: what the exporters and the CLI must print
 * (String.raw keeps DOT's `\n` label escapes).
 */

export const example1Mermaid = `flowchart LR
  n_START(("Start"))
  n_push["Push models<br/>2/2 coders"]
  n_pull["Pull models<br/>2/2 coders"]
  n_cocreation["Co-creation / exchange<br/>2/2 coders"]
  n_END(("End"))
  n_START -->|"2/2"| n_push
  n_push -->|"2/2"| n_pull
  n_push -.->|"1/2"| n_cocreation
  n_pull -.->|"1/2"| n_push
  n_pull -.->|"1/2"| n_cocreation
  n_cocreation -->|"2/2"| n_END
  linkStyle 0 stroke:#555555,stroke-width:10px
  linkStyle 1 stroke:#555555,stroke-width:10px
  linkStyle 2 stroke:#555555,stroke-width:5.8px
  linkStyle 3 stroke:#c0392b,stroke-width:5.8px
  linkStyle 4 stroke:#555555,stroke-width:5.8px
  linkStyle 5 stroke:#555555,stroke-width:10px
`;

export const example3MermaidMinParticipants2 = `flowchart LR
  n_START(("Start"))
  n_push["Push models<br/>n=4"]
  n_pull["Pull models<br/>n=4"]
  n_cocreation["Co-creation / exchange<br/>n=5"]
  n_END(("End"))
  n_START -->|"4"| n_push
  n_push -->|"3"| n_pull
  n_pull -->|"4"| n_cocreation
  n_cocreation -->|"5"| n_END
  linkStyle 0 stroke:#555555,stroke-width:8.3px
  linkStyle 1 stroke:#555555,stroke-width:6.6px
  linkStyle 2 stroke:#555555,stroke-width:8.3px
  linkStyle 3 stroke:#555555,stroke-width:10px
`;

export const example1Dot = String.raw`digraph pathway {
  rankdir=LR;
  node [shape=box, style="rounded,filled", fillcolor="#f4f6f8", fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  START [shape=circle, label="Start", width=0.4];
  END [shape=doublecircle, label="End", width=0.4];
  push [label="Push models\n2/2 coders"];
  pull [label="Pull models\n2/2 coders"];
  cocreation [label="Co-creation / exchange\n2/2 coders"];
  START -> push -> pull -> cocreation -> END [style=invis, weight=10];
  START -> push [label="2/2", penwidth=6];
  push -> pull [label="2/2", penwidth=6];
  push -> cocreation [label="1/2", penwidth=3.5, style=dashed];
  pull -> push [label="1/2", penwidth=3.5, style=dashed, color="#c0392b", constraint=false];
  pull -> cocreation [label="1/2", penwidth=3.5, style=dashed];
  cocreation -> END [label="2/2", penwidth=6];
}
`;

export const example3Dot = String.raw`digraph pathway {
  rankdir=LR;
  node [shape=box, style="rounded,filled", fillcolor="#f4f6f8", fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  START [shape=circle, label="Start", width=0.4];
  END [shape=doublecircle, label="End", width=0.4];
  push [label="Push models\nn=4"];
  pull [label="Pull models\nn=4"];
  cocreation [label="Co-creation / exchange\nn=5"];
  START -> push -> pull -> cocreation -> END [style=invis, weight=10];
  START -> push [label="4", penwidth=5];
  START -> pull [label="1", penwidth=2];
  push -> pull [label="3", penwidth=4];
  push -> cocreation [label="1", penwidth=2];
  pull -> push [label="1", penwidth=2, color="#c0392b", constraint=false];
  pull -> cocreation [label="4", penwidth=5];
  cocreation -> END [label="5", penwidth=6];
}
`;

export const example3Sankey = `sankey-beta

"Pull models (1)","Co-creation / exchange (2)",1
"Push models (1)","Co-creation / exchange (2)",1
"Push models (1)","Pull models (2)",3
"Pull models (2)","Co-creation / exchange (3)",2
"Pull models (2)","Push models (3)",1
"Push models (3)","Pull models (4)",1
"Pull models (4)","Co-creation / exchange (5)",1
`;
