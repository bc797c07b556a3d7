/** Brokerage: Burt's constraint and effective size (NetworkX conventions; NaN for isolates). */
export { constraint, effectiveSize, type BurtOptions } from './burt.ts';
export { rankBrokers, type BrokerEntry, type BrokerRankOptions } from './rank.ts';
