/** Tap order inside one hook; lower runs first. Order never names another plugin. */
export const Stage = Object.freeze({ EARLY: -100, DEFAULT: 0, LATE: 100, OBSERVE: 1000 });
