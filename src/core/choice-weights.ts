/** The features passage choice weighs (see choice.ts), and their weights. */
export const CHOICE_FEATURES = [
  /** log of the passage's own BM25 match against the best candidate's. */
  'match',
  /** Share of the question's weight the passage and its title match. */
  'coverage',
  /** log of its article's BM25F score against the best article's. */
  'article',
  /** 1 / (1 + position in the article): reporters put the news first. */
  'lead',
  /** log of the recency boost when the question has a date. */
  'recency',
  /** Share of the question's weight its best sentence matches, counting its title's words once the sentence matches a word itself. */
  'sentenceCoverage',
  /** Whether its best sentence holds the kind of answer asked for (1, or 0.5 for a near kind or, when no kind is stated, any name). */
  'answerType',
  /**
   * 1 when the question asks for a narrower form (a year, a percentage, an
   * amount of money, a country, a US state) and its best sentence holds one:
   * "Which state…" is answered by Texas more surely than by Houston.
   */
  'answerForm',
  /** Share of the question's word pairs standing close in its best sentence. */
  'proximity',
  /** 1 when the question asks for an amount and the passage states one about its subject. */
  'figure',
  /**
   * Share of the question's weight in words the passage does not use but
   * nearly means, by word vectors (vectors.ts): "acquired" for "purchased".
   */
  'nearMeaning',
] as const

export type ChoiceFeature = (typeof CHOICE_FEATURES)[number]
export type ChoiceWeights = Readonly<Record<ChoiceFeature, number>>

/** Hand-set starting weights, before scripts/eval/fit.ts fits them. */
export const fittedChoiceWeights: ChoiceWeights = {
  match: 1,
  coverage: 1,
  article: 0.5,
  lead: 0.2,
  recency: 1,
  sentenceCoverage: 0.7,
  answerType: 0.4,
  answerForm: 0.4,
  proximity: 0.2,
  figure: 0.7,
  nearMeaning: 2,
}
