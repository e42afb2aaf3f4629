// The canvas: React Flow drawing the definition layer's layout.
export { WorkflowCanvas, type WorkflowCanvasProps } from './WorkflowCanvas';
export { InsertionPointButton, type InsertionPointButtonProps } from './InsertionPointButton';
export { CanvasControls, CanvasMinimap, type CanvasControlsProps, type CanvasMinimapProps } from './CanvasControls';
export { canvasNodeTypes, type CanvasNode, type CanvasNodeData } from './nodes';
export { canvasEdgeTypes, roundedPolylinePath, type ConnectorEdge, type ConnectorEdgeData } from './ConnectorEdge';
export { fitViewportToBounds, revealViewport, type CanvasViewport } from './viewport';
