import type { WorkflowRunnerStats } from '../../sandbox/hubspot/workflow-runner.ts';
import type { SimulatedPatientsStats } from '../../sandbox/simulation/simulated-patients.ts';

/** One line every few seconds while the sandbox runs: what a newcomer would look for first. */
export function progressLine(o: {
  elapsedMs: number;
  workflows: WorkflowRunnerStats;
  patients: SimulatedPatientsStats;
  messagesSent: number;
  tasks: number;
}): string {
  const s = Math.round(o.elapsedMs / 1000);
  const clock = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  const p = o.patients;
  return (
    `[${clock}] enrolled ${o.workflows.enrolled} · messages ${o.messagesSent} · ` +
    `booked ${p.booked} · came in ${p.cameIn} · missed ${p.missed} · ` +
    `questions ${p.asked} · opted out ${p.optedOut} · front-desk tasks ${o.tasks}\n`
  );
}
