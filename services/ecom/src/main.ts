import { runService } from '@bookstore/service-kit';
import { startEcom } from './app.js';
import { loadEcomConfig } from './config.js';

await runService('ecom', () => startEcom(loadEcomConfig(process.env)));
