import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Design } from '../app/lib/engine/types';

export interface RResult {
	n: number;
	design: Design;
	vigie_ms: number;
	r_ms: number;
}

/** The R calls of METHODS.md §3 on a benchmark CSV, timed with system.time (design built outside the timing). */
function script(csv: string, design: Design): string {
	const build = {
		weights: 'svydesign(ids = ~1, weights = ~weight, data = df)',
		strata_psu: 'svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = df)',
		replicate: 'svrepdesign(data = df, weights = ~weight, repweights = "bw_[0-9]+", type = "other", scale = 1/B, rscales = rep(1, B), mse = TRUE, combined.weights = TRUE)'
	}[design];
	return `suppressMessages(library(survey))
df <- read.csv(${JSON.stringify(csv)}, fileEncoding = "UTF-8")
B <- length(grep("^bw_", names(df)))
df$y <- ifelse(df$safe_after_dark %in% c(1, 2), 1, ifelse(df$safe_after_dark %in% c(3, 4), 0, NA))
df$age_group <- cut(df$age, c(11, 17, 24, 44, 64, Inf), labels = c("12-17", "18-24", "25-44", "45-64", "65+"))
des <- ${build}
valid <- subset(des, !is.na(y))
t <- system.time(svyby(~y, ~borough + age_group + gender, valid, svymean))[["elapsed"]]
cat(t * 1000, "\\n")
`;
}

/** R's time for the same full domain table, or null when R (Rscript) is not installed. */
export function benchR(inputs: { n: number; design: Design; csv: string; ms: number }[]): RResult[] | null {
	if (spawnSync('Rscript', ['--version']).error) return null;
	const out: RResult[] = [];
	for (const x of inputs) {
		const file = `${x.csv}.R`;
		writeFileSync(file, script(x.csv, x.design));
		const r = spawnSync('Rscript', [file], { encoding: 'utf8' });
		if (r.status !== 0) {
			console.log(`R failed on ${x.n} ${x.design}: ${r.stderr.slice(0, 300)}`);
			continue;
		}
		out.push({ n: x.n, design: x.design, vigie_ms: x.ms, r_ms: Number(r.stdout.trim()) });
	}
	return out;
}
