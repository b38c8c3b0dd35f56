#!/usr/bin/env node
import { formatTheoryTable, GLOBAL_MINIMUM_C, theoryTable } from './theory';

/** Prints the Figure 1 table: JSD, C(G) and mean D* as p_g = N(μ_g, σ_g²) moves onto p_data. */
const rows = theoryTable({ steps: 11 });
process.stdout.write(
  `Goodfellow et al. 2014, Figure 1 setting: p_data = N(2, 0.5^2), p_g moves from N(-1, 1.5^2) onto it.\n` +
    `C(G) = -log 4 + 2*JSD; global minimum -log 4 = ${GLOBAL_MINIMUM_C.toFixed(6)}, where D* = 1/2.\n\n` +
    `${formatTheoryTable(rows)}\n`,
);
