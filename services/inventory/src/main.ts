import { runService } from '@bookstore/service-kit';
import { loadInventoryConfig } from './config.js';
import { startInventory } from './app.js';

await runService('inventory', () => startInventory(loadInventoryConfig(process.env)));
