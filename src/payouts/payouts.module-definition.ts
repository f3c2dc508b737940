import { ConfigurableModuleBuilder } from '@nestjs/common';
import { PayoutsHttpSettings } from './payouts.options';
import { PayoutsModuleOptions } from './payouts.options';

/**
 * forRoot/forRootAsync for PayoutsModule. `http` is an extra given beside the options (not
 * inside them) because it decides which controllers exist, before any async factory runs.
 */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: PAYOUTS_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<PayoutsModuleOptions>({ moduleName: 'Payouts' })
  .setClassMethodName('forRoot')
  .setExtras<{ http?: Partial<PayoutsHttpSettings> }>({ http: {} }, (definition) => definition)
  .build();
