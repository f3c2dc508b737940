import { PayoutStatus } from '../../../domain/payout-status';
import { PayoutSubmission, StatusReport } from '../../payout-provider';

/** docs/gateways.md 4: self-computed Cashy vectors, key made up. */
export const TEST_API_KEY = 'TEST_API_KEY_123';

export const C1_BODY =
  '{"accountName":"Juan Perez","accountNo":"00219400254640654321","accountType":1,"amount":"10.00","bankId":5,' +
  '"cciAccountNo":"00219400254640654321","currency":"PEN","email":"juan@example.com","idCard":"12345678","idType":"1",' +
  '"mchOrderNo":"PE20250101000001","nonceStr":"1863484722378907648","notifyUrl":"https://merchant.example.com/webhooks/cashy/payout",' +
  '"phone":"987654321","remark":"payout"}';
export const C1_SIGN = '51B7DE7E1CBB2D155D0F15C575BCA66B';
export const C1_NONCE = '1863484722378907648';
export const C1_NOTIFY_URL = 'https://merchant.example.com/webhooks/cashy/payout';

/** The REST-side inputs that C1 is the Cashy body of (no remark given: the default goes out). */
export const C1_SUBMISSION: PayoutSubmission = {
  tradeNo: 'PE20250101000001',
  amountMinor: 1000,
  currency: 'PEN',
  beneficiary: {
    name: 'Juan Perez',
    accountNumber: '00219400254640654321',
    accountType: 'savings',
    bankCode: '5',
    cci: '00219400254640654321',
    idType: 'DNI',
    idNumber: '12345678',
    phone: '987654321',
    email: 'juan@example.com',
  },
};

export const C2_BODY = '{"nonceStr":"4190026990"}';
export const C2_SIGN = '5AE2D8EEA606855C8A30DA82766586C2';

export const C3_BODY =
  '{"orderStatus":"SUCCESS","amount":10.00,"fee":0,"mchOrderNo":"PE20250101000001","merchantId":"1002001",' +
  '"orderNo":"PAYOUT8232147367892025344","completionTime":"2025-01-01 08:08:08","resultDesc":"SUCCESS"}';
export const C3_SIGN = 'AF258AE3A876498A15C1630308EEE5E4';
export const C3_MERCHANT_ID = '1002001';

/** A trade number of our own format (domain/identifiers.ts newTradeNo). */
export const OUR_TRADE_NO = '20250101130808K7Q2M9XR4T8W';
/** C3 about an order of ours (C3's own mchOrderNo is not of our format). */
export const C3_OURS_BODY = C3_BODY.replace('PE20250101000001', OUR_TRADE_NO);
/** What C3_OURS_BODY reports on a Peru channel (UTC-5). */
export const C3_OURS_REPORT: StatusReport = {
  tradeNo: OUR_TRADE_NO,
  status: PayoutStatus.SUCCEEDED,
  rawStatus: 'SUCCESS',
  providerReference: 'PAYOUT8232147367892025344',
  amountMinor: 1000,
  feeMinor: 0,
  completedAt: new Date('2025-01-01T13:08:08Z'),
};
