// Small statistics the benches share, so that they all report the same kind of figure.

/**
 * The median of the samples (for an even count, the upper of the two middle ones: always a measured value).
 * @example median([3, 1, 2]) // 2
 */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
