//! A small deterministic mutator for the stable smoke pass: the edits libFuzzer tries
//! first (flip a bit, overwrite, insert or delete bytes, repeat a span, splice another
//! seed, put in an interesting number), chosen by the project's own generator so a failure
//! reproduces from its seed. Not coverage-guided: `scripts/fuzz.sh` runs libFuzzer for that.

use playground_core::rng::Rng;

/// Byte strings that make parsers take their rarer branches.
const TOKENS: &[&[u8]] = &[
    b"0",
    b"-1",
    b"1e308",
    b"-0",
    b"nan",
    b"inf",
    b"18446744073709551616",
    b"4294967296",
    b"[]",
    b"{}",
    b"\"",
    b"'",
    b"=",
    b"&",
    b"%",
    b"%zz",
    b".0.",
    b"[[",
    b"\n",
    b"\xff",
    b"\0",
];

/// `seed` changed by one or two edits; `other` is another input to splice from.
pub fn mutate(seed: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + rng.below(2) {
        edit(&mut out, other, rng);
    }
    out
}

fn edit(out: &mut Vec<u8>, other: &[u8], rng: &mut Rng) {
    let at = |rng: &mut Rng, len: usize| rng.below(len + 1);
    match rng.below(7) {
        0 if !out.is_empty() => {
            let i = rng.below(out.len());
            out[i] ^= 1 << rng.below(8);
        }
        1 if !out.is_empty() => {
            let i = rng.below(out.len());
            out[i] = rng.next_u64() as u8;
        }
        2 => {
            let i = at(rng, out.len());
            let token = TOKENS[rng.below(TOKENS.len())];
            out.splice(i..i, token.iter().copied());
        }
        3 if !out.is_empty() => {
            let i = rng.below(out.len());
            let n = 1 + rng.below((out.len() - i).min(64));
            out.drain(i..i + n);
        }
        4 if !out.is_empty() => {
            let i = rng.below(out.len());
            let n = 1 + rng.below((out.len() - i).min(64));
            let span: Vec<u8> = out[i..i + n].to_vec();
            let j = at(rng, out.len());
            out.splice(j..j, span);
        }
        5 if !other.is_empty() => {
            let i = at(rng, out.len());
            let j = rng.below(other.len());
            let n = 1 + rng.below((other.len() - j).min(256));
            out.truncate(i);
            out.extend_from_slice(&other[j..j + n]);
        }
        _ => {
            // Replace a digit run with a token: sizes and counts are where bounds live.
            if let Some(i) = out.iter().position(|b| b.is_ascii_digit()) {
                let skip = rng.below(out.len() - i);
                if let Some(j) = out[i + skip..].iter().position(|b| b.is_ascii_digit()) {
                    let k = i + skip + j;
                    let token = TOKENS[rng.below(7)];
                    out.splice(k..k + 1, token.iter().copied());
                }
            }
        }
    }
}
