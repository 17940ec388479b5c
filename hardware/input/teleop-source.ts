/** A human taking over: while engaged, its actions replace the policy's and are recorded as interventions. */
export interface TeleopSource {
  readonly engaged: boolean;
  /** This step's action in the env's control mode, into `target`. */
  nextAction(target: Float32Array): Float32Array;
}
