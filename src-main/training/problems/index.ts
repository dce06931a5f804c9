export { generateConfig, generateData, checkProblem, guardDenominators } from './generate'
export { computeTargets, outDimOf } from './targets'
export { successThresholds } from './thresholds'
export type { DataSet, ProblemData } from './types'
