/** A draft of the same change ("hub") from one respondent, for compare's tests: only bottom-up answers differ (five of them, enough to score the principle). */
export const respondentDraft = (role: string, involvement: string, understanding: string, id = 'hub') =>
  `gpChange: 1\nid: ${id}\ntitle: Hub\nassessor: { role: ${role} }\nanswers:\n  origin: pcn\n  staff-involvement: ${involvement}\n  staff-understanding: "${understanding}"\n  local-knowledge: "yes"\n  metric-ownership: co-developed\n`;
