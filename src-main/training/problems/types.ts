/** One data set in row-major Float64 arrays: x is n × inDim, y is n × outDim. */
export interface DataSet {
  n: number
  inDim: number
  outDim: number
  x: Float64Array
  y: Float64Array
}

export interface ProblemData {
  train: DataSet
  interp: DataSet
  extrap: DataSet
}
