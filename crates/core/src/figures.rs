//! How figures are rounded in machine output: 3 decimals, so JSON is short and stable
//! across runs and platforms. It must not depend on anything else in the crate.

/// Rounds to 3 decimals, so machine output is short and stable.
pub fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0 + 0.0
}
