//! The exercises' randomness: SplitMix64 (Steele, Lea and Flood, 2014), a dozen lines with no
//! state but one `u64`, so the same seed makes the same exercises on every machine, in the browser
//! and on the command line, with no clock and no crate.

/// A deterministic stream of numbers from a seed.
#[derive(Clone, Debug)]
pub struct Draw(u64);

impl Draw {
    /// The stream of `seed`.
    pub fn new(seed: u64) -> Draw {
        Draw(seed)
    }

    /// The next 64 bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high` (a slight bias for huge ranges does not matter to an exercise).
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        let span = (high - low + 1).max(1) as u64;
        low + (self.bits() % span) as i64
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.bits() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.bits() % items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_numbers_and_another_seed_others() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut d = Draw::new(7);
                move |_| d.bits()
            })
            .collect();
        let b: Vec<u64> = (0..5)
            .map({
                let mut d = Draw::new(7);
                move |_| d.bits()
            })
            .collect();
        let c: Vec<u64> = (0..5)
            .map({
                let mut d = Draw::new(8);
                move |_| d.bits()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        // SplitMix64's published first output for seed 0.
        assert_eq!(Draw::new(0).bits(), 0xE220_A839_7B1D_CDAF);
    }
}
