/**
 * The balance's zero ranges, as fractions of its capacity. The MT-SICS manual names the ranges
 * but leaves their size to the balance type, so these are the OIML R 76 limits that legal
 * balances are built to [?]: the initial (switch-on) zero range, whose manual example is
 * −2 g … +18 g around the production zero (I48, p. 107), i.e. 20 % of the capacity with −2 %
 * below; and the zero-setting range of Z and ZI, ±2 % around the zero point set at switch-on
 * ("The zero point determined during switching on is not influenced by this command", p. 244).
 */
export const INITIAL_ZERO_RANGE = { lowerFraction: -0.02, upperFraction: 0.18 } as const;
export const ZERO_RANGE_FRACTION = 0.02;
