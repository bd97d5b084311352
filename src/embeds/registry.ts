import type { Detector } from './types';
import { renderedWidgetDetector } from './detectors/rendered-widget';
import { widgetsBlockquoteDetector } from './detectors/widgets-blockquote';
import { siteFallbackDetector } from './detectors/site-fallback';

/**
 * Every detector, one per embed form. Order matters: containers are claimed
 * before the links inside them. Each entry needs a real fixture listed in
 * tests/fixtures/embeds/verdicts.json (a test fails otherwise).
 */
export const DETECTORS: readonly Detector[] = [renderedWidgetDetector, widgetsBlockquoteDetector, siteFallbackDetector];
