import { consumeCommand } from './consume';
import { groupResetCommand } from './group-reset';
import { groupsCommand } from './groups';
import { produceCommand } from './produce';

/** Issue 3's commands, registered in main.ts with one line. */
export const browseCommands = {
  consume: consumeCommand,
  produce: produceCommand,
  groups: groupsCommand,
  'group-reset': groupResetCommand,
};
