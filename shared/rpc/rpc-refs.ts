import { z } from 'zod';

/** Input shapes that several rooms' procedures share. */
export const ProfileRef = z.object({ profileId: z.string().min(1) });
export const TopicRef = ProfileRef.extend({ topic: z.string().min(1) });
export const GroupRef = ProfileRef.extend({ groupId: z.string().min(1) });
