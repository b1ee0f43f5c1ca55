import example from '../../../practice.example.json' with { type: 'json' };
import { PracticeFile } from '../../domain/practice.ts';

/**
 * The practice file of the generated sample practice (two offices of one dental practice): the
 * repo's `practice.example.json`, which is also what the service uses when PRACTICE_CONFIG is unset.
 */
export function samplePracticeFile(): PracticeFile {
  return PracticeFile.parse(example);
}
