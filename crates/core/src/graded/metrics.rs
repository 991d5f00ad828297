//! The statistics of a graded evaluation that are not correlations: ROC-AUC, macro-F1
//! and the threshold that maximises it, and a rounded correlation.
//!
//! Plain functions of numbers: they must not know tables, banks or signals.

use crate::score::round;

pub(super) fn correlation(xs: &[f64], ys: &[f64], f: fn(&[f64], &[f64]) -> Option<f64>) -> Option<f64> {
    f(xs, ys).map(round)
}

/// ROC-AUC of `scores` for `truth` (the probability that a random positive scores above a
/// random negative, ties counting half); `None` without both classes.
pub fn roc_auc(scores: &[f64], truth: &[bool]) -> Option<f64> {
    let positives = truth.iter().filter(|&&t| t).count();
    let negatives = truth.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    // Mann-Whitney U from average ranks.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += rank * order[i..=j].iter().filter(|&&k| truth[k]).count() as f64;
        i = j + 1;
    }
    let (p, n) = (positives as f64, negatives as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// Mean of the F1 of the positive class and of the negative class.
pub fn macro_f1(predicted: &[bool], truth: &[bool]) -> f64 {
    let f1 = |class: bool| {
        let tp = predicted
            .iter()
            .zip(truth)
            .filter(|(&p, &t)| p == class && t == class)
            .count() as f64;
        let fp = predicted
            .iter()
            .zip(truth)
            .filter(|(&p, &t)| p == class && t != class)
            .count() as f64;
        let fn_ = predicted
            .iter()
            .zip(truth)
            .filter(|(&p, &t)| p != class && t == class)
            .count() as f64;
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        }
    };
    (f1(true) + f1(false)) / 2.0
}

/// The threshold (predict positive when score ≥ it) with the best macro-F1 on these rows,
/// and that F1; midway between adjacent distinct scores, so it generalises to scores in
/// between. `None` without rows.
pub fn best_threshold(scores: &[f64], truth: &[bool]) -> Option<(f64, f64)> {
    if scores.is_empty() {
        return None;
    }
    let mut distinct: Vec<f64> = scores.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let mut candidates = vec![distinct[0]];
    candidates.extend(distinct.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    candidates.push(distinct[distinct.len() - 1] + 1e-9);
    // Sweep: scores sorted descending, the prediction flips to positive one score at a time.
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let positives = truth.iter().filter(|&&t| t).count() as f64;
    let negatives = truth.len() as f64 - positives;
    let f1 = |tp: f64, fp: f64, fn_: f64| {
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        }
    };
    let mut best: Option<(f64, f64)> = None;
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut k = 0;
    for &t in candidates.iter().rev() {
        while k < order.len() && scores[order[k]] >= t {
            if truth[order[k]] {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            k += 1;
        }
        let (fn_, tn) = (positives - tp, negatives - fp);
        let macro_f1 = (f1(tp, fp, fn_) + f1(tn, fn_, fp)) / 2.0;
        if best.is_none_or(|(_, m)| macro_f1 > m) {
            best = Some((t, macro_f1));
        }
    }
    best
}
