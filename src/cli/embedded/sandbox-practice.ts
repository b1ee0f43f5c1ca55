import { PracticeFile } from '../../domain/practice.ts';
import { samplePracticeFile } from '../../sandbox/practice/sample-practice-file.ts';

/**
 * The sample practice as the embedded default runs it: the repo's example practice file, with
 * every office open for messages all day so a newcomer sees the service work whatever the hour.
 * A real practice file keeps its quiet hours (08:00–20:00 by default); the banner says so.
 */
export function sandboxPracticeFile(): PracticeFile {
  const practice = samplePracticeFile();
  return PracticeFile.parse({
    ...practice,
    locations: practice.locations.map((l) => ({
      ...l,
      quietHours: { start: '00:00', end: '00:00' },
    })),
  });
}
