export { generateConfig, generateData, checkProblem } from './generate'
export { computeTargets, successThresholds, outDimOf } from './targets'
export type { DataSet, ProblemData } from './types'
